"""The home tab (Việc hôm nay): the dossiers that need the counter today."""
