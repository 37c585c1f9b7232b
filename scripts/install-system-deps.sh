#!/usr/bin/env bash
# Debian packages the test suites drive: Chromium (screens, end to end), oathtool (an independent
# TOTP client), python3-jwt (an independent JWT verifier) and openssl (test TLS certificates).
# Idempotent: skips what is present.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v oathtool >/dev/null 2>&1 || need+=(oathtool)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
/usr/bin/python3 -c 'import jwt, cryptography' >/dev/null 2>&1 || need+=(python3-jwt python3-cryptography)
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
