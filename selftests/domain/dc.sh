# shellcheck shell=bash
# The test domain's DC in the test guest, for the tests to source: a copy of
# the domain tools/provision-domain cached, started with Samba in the
# foreground (one process tree, -M single), on loopback.
#   dc_start                 copy the cached domain, start the DC, wait for
#                            its winbindd (wbinfo -p) up to DC_WAIT seconds
#   dc_user NAME PASSWORD    add a domain user (samba-tool user add)
#   dc_tool ARGS...          samba-tool ARGS against the DC's database
#   dc_tools 'ARGS' ...      several samba-tool commands, one an argument (quiet),
#                            in one Python (each samba-tool is seconds of
#                            interpreter start under TCG, more on the debug
#                            kernel): samba-tool's own command classes
#   dc_stop                  stop the DC, wait for it to be gone
# samba-tool works on the database itself, before dc_start or after. The DC's
# output goes to $DC_DIR/samba.log. Needs root; the guest's /tmp is tmpfs.
DC_CACHE=${SSPI_CACHE:-/var/cache/sspi}/domain
DC_DIR=${DC_DIR:-/tmp/sspi-dc}
DC_CONF=$DC_DIR/etc/smb.conf
DC_WAIT=${DC_WAIT:-600}	# ~20 s under TCG, 80 s and more on the debug kernel, beside a busy host
# shellcheck disable=SC2034 # for the tests that source this
DC_DOMAIN=EXAMPLE
DC_PID=

# A private copy, so the domain's files are writable and each guest starts
# from the same fresh domain; only smb.conf names its directory.
dc_copy() {
	[[ -f $DC_CACHE/.sspi-inputs ]] ||
		{ echo "dc.sh: no test domain in $DC_CACHE: run tools/setup.sh" >&2; return 1; }
	[[ -d $DC_DIR ]] && return 0
	cp -a "$DC_CACHE" "$DC_DIR" &&
		sed -i "s|$DC_CACHE|$DC_DIR|g" "$DC_CONF"
}

dc_tool() {
	dc_copy && samba-tool "$@" -s "$DC_CONF"
}

dc_tools() {
	dc_copy && /usr/bin/python3 -c '
import shlex, sys
from samba.netcmd.main import cmd_sambatool   # what /usr/bin/samba-tool runs
failed = 0
for line in sys.argv[2:]:
    if cmd_sambatool()._run("samba-tool", *shlex.split(line), "-s", sys.argv[1]):
        print("samba-tool %s: failed" % line, file=sys.stderr)
        failed = 1
sys.exit(failed)' "$DC_CONF" "$@" >/dev/null
}

dc_user() {
	dc_tool user add "$1" "$2" >/dev/null
}

dc_start() {
	local deadline

	dc_copy || return
	samba -s "$DC_CONF" -i -M single --debuglevel=1 >"$DC_DIR/samba.log" 2>&1 &
	DC_PID=$!
	deadline=$((SECONDS + DC_WAIT))
	# winbindd answers once it is up; polling is the only readiness signal
	until wbinfo -p >/dev/null 2>&1; do
		if ! kill -0 "$DC_PID" 2>/dev/null; then
			echo "dc.sh: samba exited; its log:" >&2
			tail -n 20 "$DC_DIR/samba.log" >&2
			DC_PID=
			return 1
		fi
		if ((SECONDS >= deadline)); then
			echo "dc.sh: no answer from winbindd within ${DC_WAIT}s" >&2
			dc_stop
			return 1
		fi
		sleep 0.2
	done
}

dc_stop() {
	[[ -n $DC_PID ]] || return 0
	kill "$DC_PID" 2>/dev/null
	wait "$DC_PID" 2>/dev/null
	DC_PID=
}
