#!/usr/bin/env bash
# Makes the test certificates the service scripts serve, once per $PL_STATE_DIR (idempotent):
#   ca.crt/ca.key                 test CA (basicConstraints CA:TRUE), trusted by nobody but the tests
#   server.crt/server.key         valid server certificate for DNS:localhost,IP:127.0.0.1, issued by the test CA
#   wrongname.crt/wrongname.key   issued by the test CA for DNS:wrong.example.test only
#   expired.crt/expired.key       issued by the test CA for localhost, valid 2020-01-01 .. 2020-02-01
#   selfsigned.crt/selfsigned.key self-signed, DNS:localhost,IP:127.0.0.1 (untrusted; used for pinning)
# Usage: make-test-certs.sh <dir>   (prints nothing; fails loudly)
set -euo pipefail
dir="${1:?usage: make-test-certs.sh <dir>}"
mkdir -p "$dir"
cd "$dir"
[[ -f .done ]] && exit 0
command -v openssl >/dev/null || { echo "make-test-certs.sh: openssl is missing" >&2; exit 1; }
q() { "$@" >/dev/null 2>&1 || { echo "make-test-certs.sh: failed: $*" >&2; "$@"; exit 1; }; }

# Test CA.
q openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 365 -subj "/CN=PrivateLink Test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"

# A minimal 'openssl ca' database: the only portable way on OpenSSL 3.0 to set an explicit (past) validity window.
mkdir -p ca-db/new
: > ca-db/index.txt
echo 1000 > ca-db/serial
cat > ca.cnf <<CNF
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = $dir/ca-db
database = \$dir/index.txt
new_certs_dir = \$dir/new
serial = \$dir/serial
certificate = $dir/ca.crt
private_key = $dir/ca.key
default_md = sha256
policy = any
unique_subject = no
copy_extensions = copy
email_in_dn = no
[ any ]
commonName = supplied
[ leaf ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
CNF

issue() { # name cn san startdate enddate
  q openssl req -new -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$2" -addext "subjectAltName=$3"
  q openssl ca -batch -config ca.cnf -extensions leaf -in "$1.csr" -out "$1.crt" -notext -startdate "$4" -enddate "$5"
  rm -f "$1.csr"
}
now_minus_1d=$(date -u -d '-1 day' +%Y%m%d%H%M%SZ)
plus_60d=$(date -u -d '+60 days' +%Y%m%d%H%M%SZ)
issue server localhost "DNS:localhost,IP:127.0.0.1" "$now_minus_1d" "$plus_60d"
issue wrongname wrong.example.test "DNS:wrong.example.test" "$now_minus_1d" "$plus_60d"
issue expired localhost "DNS:localhost,IP:127.0.0.1" 20200101000000Z 20200201000000Z

q openssl req -x509 -newkey rsa:2048 -nodes -keyout selfsigned.key -out selfsigned.crt -days 20 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -addext "basicConstraints=critical,CA:FALSE"

chmod 644 ./*.crt
chmod 600 ./*.key
touch .done
