// GraphQL documents of the catalog editor (目录管理, administrators only).
// Item documents travel as JSON in the snake_case shape of hub/demo/catalog.json.

/** Who is editing: the level of the administrator's service point decides what they may edit. */
export const ADMIN_SCOPE = `
  query AdminScope {
    me { id roles servicePoint { code name level } }
  }
`

const ENTRY_FIELDS = `
  code
  name
  standard
  standardLabel
  base
  version
  active
  served
  department
  updatedAt
  author
`

export const CATALOG_ENTRIES = `
  query CatalogEntries {
    catalogEntries { ${ENTRY_FIELDS} }
    departments { code name shortName }
  }
`

/** Departments, life events and service points the item fields refer to. */
export const CATALOG_REFERENCES = `
  query CatalogReferences {
    departments { code name shortName }
    lifeEvents { code name }
    servicePoints {
      code name level
      children {
        code name level
        children { code name level children { code name level } }
      }
    }
    catalogEntries { ${ENTRY_FIELDS} }
  }
`

const VERSION_FIELDS = `
  code
  version
  standard
  standardLabel
  document
  effective
  revision
  author
  note
  createdAt
`

export const CATALOG_ITEM = `
  query CatalogItem($code: String!, $version: Int) {
    catalogItem(code: $code, version: $version) { ${VERSION_FIELDS} }
  }
`

export const CATALOG_HISTORY = `
  query CatalogHistory($code: String!) {
    catalogHistory(code: $code) { code version standard author note revision createdAt }
  }
`

export const CATALOG_EXPORT = `
  query CatalogExport($format: CatalogFormat!) {
    catalogExport(format: $format)
  }
`

const PUBLISH_FIELDS = `
  revision
  created
  changed
  unchanged
  errors { code field message }
`

export const SAVE_CATALOG_ITEM = `
  mutation SaveCatalogItem($document: JSON!, $expectedVersion: Int, $note: String!) {
    saveCatalogItem(document: $document, expectedVersion: $expectedVersion, note: $note) { ${PUBLISH_FIELDS} }
  }
`

export const IMPORT_CATALOG = `
  mutation ImportCatalog($content: String!, $format: CatalogFormat!, $note: String!) {
    importCatalog(content: $content, format: $format, note: $note) { ${PUBLISH_FIELDS} }
  }
`
