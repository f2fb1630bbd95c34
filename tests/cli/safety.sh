#!/bin/sh
#
# Command-line tests of SPEC section 12, "Outputs that cannot hurt": one
# or more scenarios for each finding of issue 13 (a kaoping that lost
# sheets, wrote through links, mixed the files of two runs, died on
# signals it should have survived or handled, or failed at scale).
#
#	sh tests/cli/safety.sh [KAOPING]		(default ./kaoping)
#	KAOPING_WRAPPER="valgrind ..." sh tests/cli/safety.sh ...
#
# Prints "ok NAME" or "FAIL NAME (why)" for each scenario, then "N passed,
# M failed", and exits 1 when one failed.  A scenario that can only run
# one way as root and another way otherwise says in its ok line which
# way ran; none is skipped.  No timing is asserted: timeout only turns a
# hang into a failure.

set -eu

prog=${1:-./kaoping}
unset LANGUAGE LC_MESSAGES LANG
LC_ALL=C.UTF-8
export LC_ALL
# make memcheck runs every kaoping through this.
wrap=${KAOPING_WRAPPER:-}
case $prog in
/*)	;;
*)	prog=$(pwd)/$prog ;;
esac
if [ ! -x "$prog" ] || [ -d "$prog" ]; then
	echo "safety.sh: $prog: not an executable (build it with make" \
	    "kaoping)" >&2
	exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
D=$here/data
E=$here/expected
work=$(mktemp -d "${TMPDIR:-/tmp}/kaoping-safety.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP
: >"$work/empty"

HEADER=staff_id,name,street,unit,dept_score,street_score,eligible
# What -n 2 says of data/tie.csv.
TIE_WARNING="kaoping: warning: 甲街道: tie at the quota line for 1 place, \
score 85.00: t02 Bob, t03 Cat"
passed=0
failed=0
ncase=0

# k ARGS...: run kaoping in $T with empty standard input; st is its status,
# $out and $err its standard output and error (kept outside $T).
out=$work/stdout
err=$work/stderr
k() {
	st=0
	(cd "$T" && exec $wrap "$prog" "$@") <"$work/empty" >"$out" \
	    2>"$err" || st=$?
}

want_status() {
	[ "$st" = "$1" ] && return 0
	why="exit $st, want $1"
	[ -s "$err" ] && why="$why: $(head -n 1 "$err")"
	return 1
}

want_same() {	# FILE EXPECTED
	cmp -s "$1" "$2" && return 0
	why="$(basename "$1") differs from $(basename "$2")"
	return 1
}

# Standard error is exactly the lines given.
want_message() {	# LINE...
	printf '%s\n' "$@" >"$work/want-err"
	cmp -s "$err" "$work/want-err" && return 0
	why="stderr is '$(cat "$err")', want '$*'"
	return 1
}

# The folder holds exactly the names given: no temporary file is left.
want_listing() {	# DIR NAME...
	w_dir=$1
	shift
	w_want=$(printf '%s\n' "$@" | LC_ALL=C sort | tr '\n' ' ')
	w_got=$(cd "$w_dir" && ls -A | LC_ALL=C sort | tr '\n' ' ')
	[ "$w_got" = "$w_want" ] && return 0
	why="folder holds: $w_got; want: $w_want"
	return 1
}

# Besides other names, the folder holds one temporary file for each
# output named, as include/output.h names them (.kaoping-XXXXXX-NAME),
# readable only by its owner.
want_temps() {	# DIR NAME...
	w_dir=$1
	shift
	for w_name in "$@"; do
		w_temps=$(cd "$w_dir" && ls -A | grep -c \
		    "^\\.kaoping-[A-Za-z0-9]\\{6\\}-$w_name\$") || :
		w_mode=$(stat -c %a "$w_dir"/.kaoping-??????-"$w_name" \
		    2>/dev/null) || :
		[ "$w_temps $w_mode" = "1 600" ] && continue
		why="$w_temps temporary files for $w_name, mode $w_mode"
		return 1
	done
}

lines() {
	wc -l <"$1" | tr -d ' '
}

# A sheet of N staff PREFIX1... in one street, with scores falling.
sheet() {	# PREFIX N
	awk -v p="$1" -v n="$2" -v h="$HEADER" 'BEGIN { print h
	    for (i = 1; i <= n; i++)
		printf "%s%d,N%d,卯街道,卯街道司法所,%d,%d,\n", p, i, i,
		    100 - i % 40, 90 - i % 30 }'
}

# Wait until the folder holds N names (kaoping has opened its temporary
# files and now waits for its sheet); false after about 30 seconds.
wait_entries() {	# DIR N
	w_tries=0
	while [ "$(ls -A "$1" | wc -l)" -lt "$2" ]; do
		w_tries=$((w_tries + 1))
		[ "$w_tries" -le 600 ] || return 1
		sleep 0.05
	done
}

# Run env ARGS in $T (kaoping, with env's options to start it with) on
# standard input from the FIFO $T/in, whose writing end the shell holds
# as descriptor 3, and give it the header of a sheet; pid is the process.
# Returns once DIR holds N names: the temporary files are open and
# kaoping waits for the rest of the sheet.
start_on_fifo() {	# DIR N ARGS...
	s_dir=$1 s_n=$2
	shift 2
	rm -f "$T/in"
	mkfifo "$T/in"
	(cd "$T" && exec env "$@") <"$T/in" >"$out" 2>"$err" &
	pid=$!
	exec 3>"$T/in"
	printf '%s\n' "$HEADER" >&3
	wait_entries "$s_dir" "$s_n" && return 0
	why="no temporary files appeared in $(basename "$s_dir")"
	abandon
}

# End the run start_on_fifo began, after a failed check; false.
abandon() {
	exec 3>&-
	kill -KILL "$pid" 2>/dev/null || :
	wait "$pid" 2>/dev/null || :
	return 1
}

# ---------------------------------------------------------------------

# Finding 1: an output that is a sheet or the policy by another spelling,
# a link or a full path, or another output, is 64 naming both; the policy
# given holds no entries (78 if it were read), so the check comes before
# anything is read, and nothing is written.
t_identity() {
	cp "$D/tie.csv" "$T/x.csv"
	printf 'unit,street_weight\n' >"$T/p.csv"
	ln -s x.csv "$T/link.csv"
	touch -d '2001-02-03 04:05:06' "$T/x.csv" "$T/p.csv"
	cp -p "$T/x.csv" "$T/p.csv" "$work"
	i_over='; it would be overwritten'
	i_twice='the same file is given twice as a sheet:'
	identity_case "--rejects ./x.csv is the sheet x.csv$i_over" \
	    --rejects ./x.csv -o n.csv x.csv || return 1
	identity_case "-o ./x.csv is the sheet x.csv$i_over" \
	    -o ./x.csv x.csv || return 1
	identity_case "-o $T/x.csv is the sheet x.csv$i_over" \
	    -o "$T/x.csv" x.csv || return 1
	identity_case "-o link.csv is the sheet x.csv$i_over" \
	    -o link.csv x.csv || return 1
	identity_case "-o n.csv and -r ./n.csv are the same file; one output \
would overwrite the other" -o n.csv -r ./n.csv x.csv || return 1
	identity_case "-r ./p.csv is the policy file p.csv$i_over" \
	    -r ./p.csv x.csv || return 1
	identity_case "$i_twice x.csv and ./x.csv" x.csv ./x.csv || return 1
	identity_case "$i_twice x.csv and link.csv" x.csv link.csv
}

# Run kaoping -p p.csv ARGS in $T: 64 with the message alone on standard
# error, the sheet and the policy as they were, no new file.
identity_case() {	# MESSAGE ARGS...
	i_msg=$1
	shift
	k -p p.csv "$@"
	want_status 64 || { why="$*: $why"; return 1; }
	want_message "kaoping: $i_msg" || { why="$*: $why"; return 1; }
	for i_f in x.csv p.csv; do
		if ! cmp -s "$T/$i_f" "$work/$i_f" ||
		    [ "$T/$i_f" -nt "$work/$i_f" ]; then
			why="$*: $i_f was changed"
			return 1
		fi
	done
	want_listing "$T" link.csv p.csv x.csv || { why="$*: $why"; return 1; }
}

# Finding 1: a per-street output ({street}) whose name for one street is a
# sheet: 64 naming both before anything is written, not even the file of
# the street before it.
t_identity_per_street() {
	printf '%s\n' "$HEADER" 's1,甲一,申街道,申街道司法所,90,90,' \
	    's2,乙一,戌街道,戌街道司法所,70,70,' >"$T/in.csv"
	printf '%s\n' "$HEADER" 's3,乙二,戌街道,戌街道司法所,80,80,' \
	    >"$T/戌街道.csv"
	touch -d '2001-02-03 04:05:06' "$T/戌街道.csv"
	cp -p "$T/戌街道.csv" "$work/keep.csv"
	k -o '{street}.csv' in.csv 戌街道.csv
	want_status 64 || return 1
	want_message "kaoping: -o 戌街道.csv is the sheet 戌街道.csv; it \
would be overwritten" || return 1
	if ! cmp -s "$T/戌街道.csv" "$work/keep.csv" ||
	    [ "$T/戌街道.csv" -nt "$work/keep.csv" ]; then
		why="the sheet 戌街道.csv was changed"
		return 1
	fi
	want_listing "$T" in.csv 戌街道.csv
}

# Finding 2: a symbolic link at an output path is replaced by the output,
# never followed to the file it names.  (A link swapped in while kaoping
# runs is test_outset_open_swapped_path in tests/unit/test_output.c.)
t_link_replaced() {
	printf 'victim\n' >"$T/victim"
	chmod 600 "$T/victim"
	cp -p "$T/victim" "$T/victim2"
	cp -p "$T/victim" "$work/victim"
	ln -s victim "$T/n.csv"
	ln -s "$T/victim2" "$T/r.csv"
	k -n 2 -o n.csv -r r.csv "$D/tie.csv"
	want_status 0 || return 1
	want_message "$TIE_WARNING" || return 1
	for l_f in n.csv r.csv; do
		if [ -h "$T/$l_f" ] || [ ! -f "$T/$l_f" ]; then
			why="$l_f is not a regular file"
			return 1
		fi
	done
	want_same "$T/n.csv" "$E/tie-q2.csv" || return 1
	want_same "$T/r.csv" "$E/tie-q2-results.csv" || return 1
	want_same "$T/victim" "$work/victim" || return 1
	want_same "$T/victim2" "$work/victim" || return 1
	want_listing "$T" n.csv r.csv victim victim2
}

# Findings 2 and 8: a FIFO at an output path with a reader is written
# directly and stays a FIFO; without a reader it is 73 at once, not a
# hang (timeout turns a hang into exit 124).
t_fifo() {
	mkfifo "$T/pipe"
	# Held open for reading and writing, which does not wait on Linux.
	exec 3<>"$T/pipe"
	st=0
	(cd "$T" && exec timeout 60 $wrap "$prog" -n 2 -o pipe -r r.csv \
	    "$D/tie.csv") <"$work/empty" >"$out" 2>"$err" || st=$?
	f_size=$(wc -c <"$E/tie-q2.csv")
	timeout 10 head -c "$f_size" <&3 >"$work/got" || :
	exec 3>&-
	want_status 0 || return 1
	want_message "$TIE_WARNING" || return 1
	[ -p "$T/pipe" ] || { why="the FIFO was replaced"; return 1; }
	want_same "$work/got" "$E/tie-q2.csv" || return 1
	want_same "$T/r.csv" "$E/tie-q2-results.csv" || return 1
	rm "$T/r.csv"
	st=0
	(cd "$T" && exec timeout 60 $wrap "$prog" -n 2 -o pipe -r r.csv \
	    "$D/tie.csv") <"$work/empty" >"$out" 2>"$err" || st=$?
	want_status 73 || return 1
	want_message "kaoping: pipe: no program is reading this named pipe \
(FIFO); start the reader first, or give a file name" || return 1
	want_listing "$T" pipe
}

# Finding 3: -r /dev/stdout writes the results to standard output, be it
# a pipe or a file, and leaves the link /dev/stdout as it was.  Only root
# could replace the link; other users check the output alone.
t_dev_stdout() {
	if [ ! -h /dev/stdout ]; then
		why="/dev/stdout is not a symbolic link here"
		return 1
	fi
	d_link=$(readlink /dev/stdout)
	{
		st=0
		$wrap "$prog" -n 2 -r /dev/stdout -o /dev/null "$D/tie.csv" \
		    2>"$err" || st=$?
		echo "$st" >"$work/st"
	} | cat >"$T/piped"
	st=$(cat "$work/st")
	want_status 0 || { why="to a pipe: $why"; return 1; }
	want_message "$TIE_WARNING" || return 1
	want_same "$T/piped" "$E/tie-q2-results.csv" || return 1
	st=0
	$wrap "$prog" -n 2 -r /dev/stdout -o /dev/null "$D/tie.csv" \
	    >"$T/file" 2>"$err" || st=$?
	want_status 0 || { why="to a file: $why"; return 1; }
	want_message "$TIE_WARNING" || return 1
	want_same "$T/file" "$E/tie-q2-results.csv" || return 1
	if [ ! -h /dev/stdout ] || [ "$(readlink /dev/stdout)" != "$d_link" ]
	then
		why="/dev/stdout is no longer the link to $d_link"
		return 1
	fi
	variant="as $(id -un), who cannot replace the link"
	[ "$(id -u)" != 0 ] ||
	    variant="as root: /dev/stdout still links to $d_link"
}

# Finding 4: an existing output keeps its permission bits (as root, also
# an owner and group of another account); a new one gets 0666 less the
# umask.
t_mode_owner() {
	printf 'old\n' >"$T/n.csv"
	chmod 600 "$T/n.csv"
	printf 'old\n' >"$T/r.csv"
	chmod 604 "$T/r.csv"
	m_owner=$(id -u):$(id -g)
	variant="as $(id -un): modes; owners need root"
	if [ "$(id -u)" = 0 ]; then
		m_owner=4242:4343
		chown "$m_owner" "$T/r.csv"
		variant="as root: modes, and owner $m_owner"
	fi
	st=0
	(cd "$T" && umask 027 && exec $wrap "$prog" -n 2 -o n.csv -r r.csv \
	    --rejects x.csv "$D/tie.csv") <"$work/empty" >"$out" 2>"$err" ||
	    st=$?
	want_status 0 || return 1
	want_message "$TIE_WARNING" || return 1
	want_same "$T/n.csv" "$E/tie-q2.csv" || return 1
	want_same "$T/r.csv" "$E/tie-q2-results.csv" || return 1
	m_got=$(cd "$T" && stat -c '%n %a' n.csv x.csv | tr '\n' ' ')
	m_got="$m_got$(stat -c '%n %a %u:%g' "$T/r.csv" | sed 's|.*/||')"
	m_want="n.csv 600 x.csv 640 r.csv 604 $m_owner"
	[ "$m_got" = "$m_want" ] && return 0
	why="got $m_got, want $m_want"
	return 1
}

# Finding 5: when the second rename of the commit fails (-o has become a
# folder while kaoping read its sheet), the -r file already replaced is
# put back, inode and all, and no temporary file is left.
t_rollback() {
	mkdir "$T/out"
	printf 'old r\n' >"$T/out/r.csv"
	printf 'old n\n' >"$T/out/n.csv"
	cp "$T/out/r.csv" "$work/keep-r"
	r_inode=$(stat -c %i "$T/out/r.csv")
	start_on_fifo "$T/out" 4 $wrap "$prog" -n 2 -o out/n.csv \
	    -r out/r.csv - || return 1
	rm "$T/out/n.csv"
	mkdir "$T/out/n.csv"
	: >"$T/out/n.csv/inside"
	tail -n +2 "$D/tie.csv" >&3
	exec 3>&-
	st=0
	wait "$pid" || st=$?
	want_status 74 || return 1
	want_message "$TIE_WARNING" "kaoping: out/n.csv: cannot replace the \
file: Is a directory; every output is left as it was" || return 1
	want_same "$T/out/r.csv" "$work/keep-r" || return 1
	[ "$(stat -c %i "$T/out/r.csv")" = "$r_inode" ] ||
	    { why="r.csv is another file than before"; return 1; }
	want_listing "$T/out" n.csv r.csv
}

# Finding 6: sixteen runs at once on the same -o and -r, 20 rounds (3
# under valgrind, fifty times slower): after each, the nominations and the
# results on disk are whole and come from the same run (each run's
# staff_ids begin with its own marker).
t_concurrent_pairs() {
	c_rounds=20
	[ -z "$wrap" ] || c_rounds=3
	variant="$c_rounds rounds"
	for c_run in $(seq 1 16); do
		sheet "c$c_run-" 300 >"$T/s$c_run.csv"
	done
	(cd "$T" && exec $wrap "$prog" -o "$work/n1.csv" -r "$work/r1.csv" \
	    s1.csv) 2>/dev/null
	for c_round in $(seq 1 "$c_rounds"); do
		for c_run in $(seq 1 16); do
			{ (cd "$T" && exec $wrap "$prog" -o n.csv -r r.csv \
			    "s$c_run.csv") 2>/dev/null ||
			    echo "$c_run: exit $?" >>"$work/bad"; } &
		done
		wait
		if [ -s "$work/bad" ]; then
			why="round $c_round: run $(head -n 1 "$work/bad")"
			return 1
		fi
		# Run X's files are run 1's with its marker c1- made cX-.
		c_mark=$(sed -n '2s/^[^,]*,[^,]*,\(c[0-9]*-\).*/\1/p' \
		    "$T/r.csv")
		sed "s/,c1-/,$c_mark/" "$work/n1.csv" >"$work/want-n"
		sed "s/,c1-/,$c_mark/" "$work/r1.csv" >"$work/want-r"
		if ! cmp -s "$T/r.csv" "$work/want-r" ||
		    ! cmp -s "$T/n.csv" "$work/want-n"; then
			why="round $c_round: the files are not both of run"
			why="$why ${c_mark%-}"
			return 1
		fi
		want_listing "$T" n.csv r.csv $(cd "$T" && ls s*.csv) ||
		    { why="round $c_round: $why"; return 1; }
	done
}

# Finding 7: under a file-size limit the results (-r $1, a CSV or a
# workbook) do not fit in: 74 with a message instead of death by SIGXFSZ,
# the old outputs as they were, no temporary file.
file_size_limit() {	# RESULTS
	sheet f 20000 >"$T/s.csv"
	printf 'old n\n' >"$T/n.csv"
	printf 'old r\n' >"$T/$1"
	cp "$T/n.csv" "$work/keep-n"
	cp "$T/$1" "$work/keep-r"
	st=0
	(cd "$T" && ulimit -f 64 && exec $wrap "$prog" -n 0 -o n.csv -r "$1" \
	    s.csv) <"$work/empty" >"$out" 2>"$err" || st=$?
	want_status 74 || return 1
	want_message "kaoping: $1: write error: the file size limit \
(ulimit -f) was reached" || return 1
	want_same "$T/n.csv" "$work/keep-n" || return 1
	want_same "$T/$1" "$work/keep-r" || return 1
	want_listing "$T" n.csv "$1" s.csv
}

t_file_size_limit() {
	file_size_limit r.csv
}

t_file_size_limit_xlsx() {
	file_size_limit r.xlsx
}

# Finding 7: started with SIGHUP ignored (as nohup does), kaoping is not
# ended by SIGHUP while it reads, and finishes its outputs.
t_nohup() {
	start_on_fifo "$T" 3 --ignore-signal=HUP $wrap "$prog" -n 2 \
	    -o n.csv -r r.csv - || return 1
	kill -HUP "$pid"
	tail -n +2 "$D/tie.csv" >&3
	exec 3>&-
	st=0
	wait "$pid" || st=$?
	want_status 0 || return 1
	want_message "$TIE_WARNING" || return 1
	want_same "$T/n.csv" "$E/tie-q2.csv" || return 1
	want_same "$T/r.csv" "$E/tie-q2-results.csv" || return 1
	want_listing "$T" in n.csv r.csv
}

# Finding 7: SIGALRM, SIGUSR1, SIGUSR2 or SIGTERM while kaoping reads: the
# temporary files (readable only by their owner) are removed, the old
# output kept, and kaoping ends by that signal (128 + its number).
# SIGKILL, which cannot be caught, leaves them under the documented name.
t_signals() {
	mkdir "$T/out"
	for s_sig in ALRM USR1 USR2 TERM KILL; do
		printf 'old\n' >"$T/out/n.csv"
		start_on_fifo "$T/out" 3 $wrap "$prog" -o out/n.csv \
		    -r out/r.csv - || { why="SIG$s_sig: $why"; return 1; }
		want_temps "$T/out" n.csv r.csv ||
		    { why="SIG$s_sig: $why"; abandon; return 1; }
		kill -"$s_sig" "$pid"
		st=0
		wait "$pid" 2>/dev/null || st=$?
		exec 3>&-
		if [ "$st" -le 128 ] || [ "$(kill -l "$st")" != "$s_sig" ]
		then
			why="SIG$s_sig: exit $st"
			return 1
		fi
		[ "$(cat "$T/out/n.csv")" = old ] ||
		    { why="SIG$s_sig: n.csv was changed"; return 1; }
		if [ "$s_sig" = KILL ]; then
			want_temps "$T/out" n.csv r.csv ||
			    { why="SIGKILL: $why"; return 1; }
			rm "$T/out"/.kaoping-*
		fi
		want_listing "$T/out" n.csv ||
		    { why="SIG$s_sig: $why"; return 1; }
	done
}

# Finding 9: 2,000 sheets in one run under a limit of 1,024 open files.
t_many_sheets() {
	mkdir "$T/sheets"
	(cd "$T/sheets" && awk -v h="$HEADER" 'BEGIN {
	    for (i = 1; i <= 2000; i++) {
		f = sprintf("%04d.csv", i)
		print h >f
		printf "m%d,M%d,辰街道,辰街道司法所,80,%d,\n", i, i,
		    60 + i % 40 >f
		close(f)
	    } }')
	st=0
	(cd "$T" && ulimit -n 1024 && exec $wrap "$prog" -n 100% -o n.csv \
	    -r r.csv sheets/*.csv) <"$work/empty" >"$out" 2>"$err" || st=$?
	want_status 0 || return 1
	[ ! -s "$err" ] || { why="stderr: $(head -n 1 "$err")"; return 1; }
	m_counts="$(lines "$T/n.csv") $(lines "$T/r.csv")"
	[ "$m_counts" = "2001 2001" ] && return 0
	why="$m_counts lines, want 2001 2001"
	return 1
}

# Finding 9: a policy of 100,000 units (long names that differ only in
# the middle, as real ones do) prints whole and gives each of 100,000
# units its own weight, within a generous bound against a hang.
t_big_policy() {
	b_unit='沈阳市沈河区第%d街道城市建设综合行政执法分中心'
	awk -v u="$b_unit" 'BEGIN { print "unit,street_weight"
	    for (i = 1; i <= 100000; i++)
		printf u ",%d\n", i, i % 101 }' >"$T/p.csv"
	awk -v u="$b_unit" -v h="$HEADER" 'BEGIN { print h
	    for (i = 100000; i >= 1; i--)
		printf "b%d,B%d,巳街道," u ",80,%d,\n", i, i, i, i % 97 }' \
	    >"$T/s.csv"
	st=0
	(cd "$T" && exec timeout 60 $wrap "$prog" --print-policy -p p.csv) \
	    <"$work/empty" >"$T/printed" 2>"$err" || st=$?
	want_status 0 || { why="--print-policy: $why"; return 1; }
	want_same "$T/printed" "$T/p.csv" || return 1
	st=0
	(cd "$T" && exec timeout 60 $wrap "$prog" -n 100% -p p.csv \
	    -o /dev/null -r r.csv s.csv) <"$work/empty" >"$out" 2>"$err" ||
	    st=$?
	want_status 0 || return 1
	[ ! -s "$err" ] || { why="stderr: $(head -n 1 "$err")"; return 1; }
	b_wrong=$(awk -F, 'FNR > 1 { gsub(/[^0-9]/, "", $5)
	    if ($8 != $5 % 101) { print $3 " has weight " $8; exit } }
	    END { if (FNR != 100001) print FNR - 1 " results" }' "$T/r.csv")
	[ -z "$b_wrong" ] || { why=$b_wrong; return 1; }
}

# Finding 9: a tie of 5,000 staff at the quota line is one warning naming
# the first 20 by staff_id, then how many more, in under 2 KiB.
t_big_tie() {
	awk -v h="$HEADER" 'BEGIN { print h
	    for (i = 1; i <= 5000; i++)
		printf "t%d,T%d,午街道,午街道司法所,80,80,\n", i, i }' \
	    >"$T/s.csv"
	k -n 1 -o n.csv s.csv
	want_status 0 || return 1
	t_names=$(seq -f 't%g' 1 5000 | LC_ALL=C sort | head -n 20 |
	    awk '{ printf "%s%s T%s", (NR > 1 ? ", " : ""), $1,
		substr($1, 2) }')
	want_message "kaoping: warning: 午街道: tie at the quota line for 1 \
place, score 80.00: $t_names and 4980 more" || return 1
	[ "$(wc -c <"$err")" -lt 2048 ] ||
	    { why="the warning is $(wc -c <"$err") bytes"; return 1; }
	[ "$(lines "$T/n.csv")" = 5001 ] ||
	    { why="n.csv has $(lines "$T/n.csv") lines, want 5001"; return 1; }
}

# Finding 9: output names of 250 and 255 bytes (the limit) work, new and
# replacing a file: their temporary names fit.
t_long_names() {
	for l_len in 250 255; do
		l_name=$(head -c $((l_len - 4)) /dev/zero | tr '\0' n).csv
		for l_round in new replace; do
			k -n 2 -o "$l_name" "$D/tie.csv"
			want_status 0 ||
			    { why="$l_len, $l_round: $why"; return 1; }
			want_message "$TIE_WARNING" || return 1
			want_same "$T/$l_name" "$E/tie-q2.csv" || return 1
			want_listing "$T" "$l_name" ||
			    { why="$l_len, $l_round: $why"; return 1; }
		done
		rm "$T/$l_name"
	done
}

# Finding 9: each output folder is synced after the renames into it, as
# strace shows (make deps installs it): outputs in two folders, one new,
# one replacing a file.
t_folder_synced() {
	if ! command -v strace >/dev/null; then
		why="strace is not installed (make deps installs it)"
		return 1
	fi
	mkdir "$T/a" "$T/b"
	printf 'old\n' >"$T/b/r.csv"
	st=0
	# LeakSanitizer cannot work under ptrace (make sanitize).
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	    strace -f -y -o "$work/trace" \
	    -e trace=fsync,fdatasync,rename,renameat,renameat2 \
	    $wrap "$prog" -n 2 -o "$T/a/n.csv" -r "$T/b/r.csv" "$D/tie.csv" \
	    <"$work/empty" >"$out" 2>"$err" || st=$?
	want_status 0 || return 1
	want_message "$TIE_WARNING" || return 1
	want_same "$T/b/r.csv" "$E/tie-q2-results.csv" || return 1
	for f_dir in "$T/a" "$T/b"; do
		f_got=$(awk -v d="<$f_dir>" '
		    /rename/ && index($0, d ",") { renamed = NR }
		    /sync\(/ && index($0, d ")") { synced = NR }
		    END {
			if (!renamed) print "nothing renamed into it"
			else if (synced < renamed) print "not synced after"
			else print "ok"
		    }' "$work/trace")
		[ "$f_got" = ok ] || { why="$f_dir: $f_got"; return 1; }
	done
}

scenario() {	# NAME FUNCTION
	ncase=$((ncase + 1))
	T=$work/case$ncase
	mkdir "$T"
	why=
	variant=
	if "$2" && [ -z "$why" ]; then
		passed=$((passed + 1))
		echo "ok $1${variant:+ ($variant)}"
	else
		failed=$((failed + 1))
		echo "FAIL $1 (${why:-failed})"
	fi
}

scenario identity t_identity
scenario identity-per-street t_identity_per_street
scenario link-replaced t_link_replaced
scenario fifo t_fifo
scenario dev-stdout t_dev_stdout
scenario mode-owner t_mode_owner
scenario rollback t_rollback
scenario concurrent-pairs t_concurrent_pairs
scenario file-size-limit t_file_size_limit
scenario file-size-limit-xlsx t_file_size_limit_xlsx
scenario nohup t_nohup
scenario signals t_signals
scenario many-sheets t_many_sheets
scenario big-policy t_big_policy
scenario big-tie t_big_tie
scenario long-names t_long_names
scenario folder-synced t_folder_synced

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
