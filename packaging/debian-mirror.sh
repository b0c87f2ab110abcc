# Sourced by packaging scripts: debian_mirror prints the Debian mirror URI the machine's
# own apt sources already use (deb822 or one-line format), without a trailing slash, and
# fails when there is none.
debian_mirror() {
  for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list; do
    [ -f "$f" ] || continue
    uri=$(awk '
      /^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }
      /^deb(-src)? / { for (i = 2; i <= NF; i++) if ($i ~ /^https?:.*\/debian\/?$/) { print $i; exit } }
    ' "$f")
    if [ -n "$uri" ]; then echo "${uri%/}"; return 0; fi
  done
  return 1
}
