"""The risk register, the 5x5 matrix, P&C moments and the weerstandsvermogen figures. No Flask here."""
