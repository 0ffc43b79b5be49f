"""The risk register, its 5x5 matrix and heatmaps, P&C moments with frozen snapshots, weerstandsvermogen."""
