"""The risk area of the web app: register, heatmaps, matrix settings, P&C moments, Excel, dashboard panel."""
