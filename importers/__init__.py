"""kongtun.importers — beangulp importers for collection sheets and bank statements."""
