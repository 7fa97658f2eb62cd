"""一件事联办 (joint applications): ``bundles`` (definitions, shared fields, combined checklists),
``filing`` (opening and filing an application), ``tracking`` (status, steps, who may see it) and
``forms`` (the 联办申请表)."""
