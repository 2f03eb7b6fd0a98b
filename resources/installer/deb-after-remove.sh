#!/bin/sh
# .deb post-remove: take `li2` off PATH again, unless it points elsewhere now.
if [ "$(readlink /usr/bin/li2)" = '/opt/Li2 Lab/resources/cli/li2' ]; then rm -f /usr/bin/li2; fi
