"""Tests of whistle."""
