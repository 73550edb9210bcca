#!/usr/bin/env bash
# Headless Chromium and its WebDriver for the operator console's browser tests
# (tests/PrivateLink.Host.Tests/Browser, which use /usr/bin/chromium and /usr/bin/chromedriver).
# install: apt chromium + chromium-driver. start/stop: nothing to do (each test launches its own browser).
set -euo pipefail
source "$(dirname "$0")/../service-lib.sh"
case "$1" in
  install)
    apt_install chromium chromium-driver ;;
  start|stop)
    ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
