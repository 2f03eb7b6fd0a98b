#!/bin/sh
# .deb post-install: put `li2` on PATH (the wrapper runs the installed app's CLI).
ln -sf '/opt/Li2 Lab/resources/cli/li2' /usr/bin/li2
