"""Everything you can see: windows, panels, widgets, Qt item models."""
