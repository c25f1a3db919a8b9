"""The main window's panels, one per sidebar entry."""
