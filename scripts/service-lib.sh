# Shared helpers for scripts/services/*.sh (sourced, not run).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
wait_port() { # host port seconds
  local deadline=$((SECONDS + $3))
  until python3 -c "import socket,sys; socket.create_connection(('$1',$2),1)" 2>/dev/null; do
    if (( SECONDS >= deadline )); then echo "port $1:$2 did not open within $3 s" >&2; return 1; fi
    sleep 0.2
  done
}
apt_install() { # packages...
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if (( ${#missing[@]} )); then
    if [[ ! -f /tmp/.privatelink-apt-updated ]]; then apt-get update -qq && touch /tmp/.privatelink-apt-updated; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}
