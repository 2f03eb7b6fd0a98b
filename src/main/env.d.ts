// electron-vite's import suffixes (?modulePath, ?asset) for the main process.
/// <reference types="electron-vite/node" />
