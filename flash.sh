#!/usr/bin/env bash
# Build an app for a board and upload it (or run it, for the host and sim boards).
# ./flash.sh --help for the options; see README.md.
exec node "$(dirname "$0")/tools/flash.js" "$@"
