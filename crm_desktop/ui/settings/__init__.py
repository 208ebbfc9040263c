"""Settings: the store (``settings.ini`` in the data folder) and the dialogs that edit it."""
