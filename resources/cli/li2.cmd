@echo off
rem `li2` from an installed Li2 Lab (Windows): the app's own Electron run as Node (--cli), same runtime and store as the window.
"%~dp0..\..\Li2 Lab.exe" --cli %*
