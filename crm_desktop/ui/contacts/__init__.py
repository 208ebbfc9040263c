"""Contacts and companies: lists, detail, editors and their item models."""
