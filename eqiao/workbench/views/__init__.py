"""Staff workbench pages. Each module is one area; views parse input, call one service or
selector and render."""
