"""The parts of the notifier (``crm_desktop/ui/notifications.py``): the in-app card and the tray."""
