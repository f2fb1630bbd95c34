#!/bin/sh
#
# Command-line tests of kaoping.
#
#	sh tests/cli/run.sh [KAOPING]		(default ./kaoping)
#	KAOPING_WRAPPER="valgrind ..." sh tests/cli/run.sh ...
#
# Runs every case of tests/cli/cases (see the comment at its top), then the
# scripted scenarios below that a table cannot express.  Prints "ok NAME"
# or "FAIL NAME (why)" for each case, then "N passed, M failed", and exits
# 1 when a case failed.  Cases run from the top of the source tree, so
# paths such as samples/quarter.csv may appear in the table.
#
# Only sh, coreutils, od, cmp, printf and iconv are used.

set -eu

prog=${1:-./kaoping}
# Messages in English unless a case asks for Chinese (@ZH, see cases).
unset LANGUAGE LC_MESSAGES LANG
LC_ALL=C.UTF-8
export LC_ALL
# make memcheck runs every case under valgrind through this.
wrap=${KAOPING_WRAPPER:-}
case $prog in
/*)	;;
*)	prog=$(pwd)/$prog ;;
esac
if [ ! -x "$prog" ] || [ -d "$prog" ]; then
	echo "run.sh: $prog: not an executable (build it with make kaoping)" >&2
	exit 2
fi

# The generators the scenarios need; make cli gives them.
for tool in GENSHEET MKXLSX; do
	eval "tool_path=\${$tool:-}"
	if [ -z "$tool_path" ] || [ ! -x "$tool_path" ]; then
		echo "run.sh: $tool must name the built tool (make cli sets it)" >&2
		exit 2
	fi
done

here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
top=$(pwd)

D=tests/cli/data		# @D in the table
E=tests/cli/expected		# expected standard output files
work=$(mktemp -d "${TMPDIR:-/tmp}/kaoping-cli.XXXXXX")
G=$work/gen			# @G: inputs with odd bytes, made by make_inputs
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

passed=0
failed=0
ncase=0

pass() {
	passed=$((passed + 1))
	echo "ok $1"
}

fail() {
	failed=$((failed + 1))
	echo "FAIL $1 ($2)"
}

skip() {
	echo "skip $1 ($2)"
}

# A fresh folder for one case, @T in the table.
new_case_dir() {
	ncase=$((ncase + 1))
	T=$work/case$ncase
	mkdir "$T"
}

# Print text with every occurrence of $2 replaced by $3.
replace() {
	r_text=$1
	r_out=
	while :; do
		case $r_text in
		*"$2"*)
			r_out=$r_out${r_text%%"$2"*}$3
			r_text=${r_text#*"$2"}
			;;
		*)	break ;;
		esac
	done
	printf '%s' "$r_out$r_text"
}

# Strip leading and trailing spaces and tabs from $1.
trim() {
	t_s=${1#"${1%%[!	 ]*}"}
	printf '%s' "${t_s%"${t_s##*[!	 ]}"}"
}

# Check a stderr file against the table's stderr field: '-' empty, '*'
# anything, else fixed strings joined by ' && ' that must all occur; one
# that begins with '!' must not occur.  Sets why on failure.
check_stderr() {
	case $2 in
	'*')	return 0 ;;
	-)	if [ -s "$1" ]; then
			why="stderr not empty: $(head -n 1 "$1")"
			return 1
		fi
		return 0 ;;
	esac
	c_all=$(cat "$1")
	c_rest=$2
	while :; do
		c_piece=${c_rest%% && *}
		case $c_piece in
		!*)
			case $c_all in
			*"${c_piece#!}"*)
				why="stderr has '${c_piece#!}'"
				return 1 ;;
			esac ;;
		*)
			case $c_all in
			*"$c_piece"*) ;;
			*)	why="stderr lacks '$c_piece': $(head -n 1 "$1")"
				return 1 ;;
			esac ;;
		esac
		[ "$c_piece" = "$c_rest" ] && break
		c_rest=${c_rest#* && }
	done
	return 0
}

# Check a stdout file against the table's stdout field.
check_stdout() {
	case $2 in
	'*')	return 0 ;;
	-)	if [ -s "$1" ]; then
			why="stdout not empty: $(head -n 1 "$1")"
			return 1
		fi
		return 0 ;;
	esac
	if [ ! -f "$E/$2" ]; then
		why="no file $E/$2"
		return 1
	fi
	if ! cmp -s "$1" "$E/$2"; then
		why="stdout differs from $E/$2"
		return 1
	fi
	return 0
}

# One line of the table.
run_case() {
	name=$1 want=$2 args=$3 outspec=$4 errspec=$5
	new_case_dir
	lang=
	case $args in
	@ZH\ *)	lang=zh_CN args=${args#@ZH } ;;
	esac
	args=$(replace "$args" @D '${D}')
	args=$(replace "$args" @G '${G}')
	args=$(replace "$args" @T '${T}')
	st=0
	# No field splitting or globbing of the expanded paths; a '<' word in
	# the arguments redirects standard input, which is otherwise empty.
	(set -f; IFS=; [ -n "$lang" ] && export LANGUAGE="$lang"
	    eval "exec $wrap \"\$prog\" $args") \
	    <"$work/empty" >"$T/stdout" 2>"$T/stderr" || st=$?
	why=
	if [ "$st" != "$want" ]; then
		why="exit $st, want $want"
		[ -s "$T/stderr" ] && why="$why: $(head -n 1 "$T/stderr")"
	elif ! check_stdout "$T/stdout" "$outspec"; then
		:
	elif ! check_stderr "$T/stderr" "$errspec"; then
		:
	fi
	if [ -z "$why" ]; then
		pass "$name"
	else
		fail "$name" "$why"
	fi
}

run_table() {
	while IFS= read -r line; do
		case $line in
		''|'#'*)	continue ;;
		*'|'*'|'*'|'*'|'*)	;;
		*)	fail "${line%%|*}" "malformed table line: $line"
			continue ;;
		esac
		f1=${line%%|*} rest=${line#*|}
		f2=${rest%%|*} rest=${rest#*|}
		f3=${rest%%|*} rest=${rest#*|}
		f4=${rest%%|*} f5=${rest#*|}
		run_case "$(trim "$f1")" "$(trim "$f2")" "$(trim "$f3")" \
		    "$(trim "$f4")" "$(trim "$f5")"
	done <tests/cli/cases
}

# ---------------------------------------------------------------------
# Inputs with CR, byte-order marks, invalid UTF-8, NUL or GB18030 bytes,
# made here so that no committed file holds bytes an editor might change.

HEADER=staff_id,name,street,unit,dept_score,street_score,eligible
ROW1=e01,E1,巳街道,巳街道司法所,90,90,是
ROW2=e02,E2,巳街道,巳街道司法所,80,80,是
BADROW=e09,,巳街道,巳街道司法所,80,80,	# name is empty

make_inputs() {
	mkdir "$G"
	: >"$work/empty"
	# The same two staff, saved in the ways Excel and WPS save them;
	# all give expected/si.csv with -n 100%.
	printf '%s\r\n%s\r\n%s' "$HEADER" "$ROW1" "$ROW2" >"$G/crlf.csv"
	printf '%s\r%s\r%s\r' "$HEADER" "$ROW1" "$ROW2" >"$G/cr.csv"
	printf '\357\273\277%s\n%s\n%s\n' "$HEADER" "$ROW1" "$ROW2" \
	    >"$G/bom.csv"
	{
		printf '\357\273\277"staff_id",name,street,unit,dept_score,'
		printf '%s\r\n%s\r\n%s\r\n' "street_score,eligible" \
		    "$ROW1" "$ROW2"
	} >"$G/bom-quoted.csv"
	printf '%s\r\n%s\r\n%s\r\n' "$HEADER" "$ROW1" "$ROW2" |
	    iconv -f UTF-8 -t GB18030 >"$G/si-gb18030.csv"

	# Line counting: a bad row on line 5 after line breaks of each kind.
	# Line 2 holds a quoted cell that goes on to line 3.
	printf '%s\r\ne01,"E\r\n1",巳街道,巳街道司法所,90,90,\r\n\r\n%s\r\n' \
	    "$HEADER" "$BADROW" >"$G/crlf-lines.csv"
	printf '%s\re01,"E\r1",巳街道,巳街道司法所,90,90,\r\r%s\r' \
	    "$HEADER" "$BADROW" >"$G/cr-lines.csv"
	# CR ends line 1, LF line 2, CRLF line 3 (blank), CR line 4 (blank).
	printf '%s\r%s\n\r\n\r%s\n' "$HEADER" "$ROW1" "$BADROW" \
	    >"$G/mixed-lines.csv"

	# Units ending in an ideographic space (line 2) and in a no-break
	# space, a zero-width space and a byte-order mark (line 3) are
	# trimmed and valid; a name of only such characters is empty (line
	# 4); a no-break space inside a score is not trimmed (line 5).
	printf '%s\n%s\n%s\n%s\n%s\n' "$HEADER" \
	    "e01,E1,巳街道,巳街道司法所　,90,90," \
	    "e02,E2,巳街道,巳街道司法所$(printf '\302\240\342\200\213\357\273\277'),80,80," \
	    "e03,$(printf '\302\240\342\200\213'),巳街道,巳街道司法所,80,80," \
	    "e04,E4,巳街道,巳街道司法所,8$(printf '\302\240')5,80," \
	    >"$G/nbsp.csv"

	# Bytes that are not UTF-8 (RFC 3629), and a NUL, in line 3.
	bad_bytes utf8-overlong '\300\200'
	bad_bytes utf8-surrogate '\355\240\200'
	bad_bytes utf8-above-max '\364\220\200\200'
	bad_bytes utf8-truncated '\345\210'
	bad_bytes utf8-continuation '\200'
	bad_bytes utf8-byte-f5 '\365\200\200\200'
	bad_bytes nul '\000'
	# 0xFF is not a GB18030 byte.
	{
		printf '%s\r\n' "$HEADER" | iconv -f UTF-8 -t GB18030
		printf '%s\r\n' "$ROW1" | iconv -f UTF-8 -t GB18030
		printf 'e02,E2,\377\r\n'
	} >"$G/gb-bad.csv"

	# A cell of exactly 64 KiB is allowed, one byte more is not.
	long_cell 65536 >"$G/cell-65536.csv"
	long_cell 65537 >"$G/cell-65537.csv"
	# A quote opened on line 3 and never closed, with 200 KiB after it.
	{
		printf '%s\n%s\n' "$HEADER" "$ROW1"
		printf 'e02,"E2,巳街道,巳街道司法所,80,80,\n'
		seq -f 'e%g,x,巳街道,巳街道司法所,80,80,' 1 8000
	} >"$G/unterminated-big.csv"

	# kaoping reads 64 KiB at a time: line ends and characters that
	# straddle byte 65536 (CR LF, bare CR, UTF-8, GB18030).
	pad=$(($(printf '%s\r\ne01,' "$HEADER" | wc -c) +
	    $(printf ',巳街道,巳街道司法所,90,90,是' | wc -c)))
	pad=$((65535 - pad))
	{
		printf '%s\r\ne01,' "$HEADER"
		head -c "$pad" /dev/zero | tr '\0' x
		printf ',巳街道,巳街道司法所,90,90,是\r\n%s\r\n' "$BADROW"
	} >"$G/crlf-boundary.csv"
	{
		printf '%s\re01,' "$HEADER"
		head -c $((pad + 1)) /dev/zero | tr '\0' x
		printf ',巳街道,巳街道司法所,90,90,是\r%s\r' "$BADROW"
	} >"$G/cr-boundary.csv"
	pad=$((65535 - $(printf '%s,note\n%s,' "$HEADER" "$ROW1" | wc -c)))
	{
		printf '%s,note\n%s,' "$HEADER" "$ROW1"
		head -c "$pad" /dev/zero | tr '\0' x
		printf '巳\n%s\n' "$ROW2"
	} >"$G/utf8-boundary.csv"
	pad=$(printf '%s,note\r\n%s,' "$HEADER" "$ROW1" |
	    iconv -f UTF-8 -t GB18030 | wc -c)
	pad=$((65535 - pad))
	{
		printf '%s,note\r\n%s,' "$HEADER" "$ROW1" |
		    iconv -f UTF-8 -t GB18030
		head -c "$pad" /dev/zero | tr '\0' x
		printf '巳\r\n%s\r\n' "$ROW2" | iconv -f UTF-8 -t GB18030
	} >"$G/gb18030-boundary.csv"

	# Blank lines before the header count too: the bad row is on line 5.
	printf '\n\r\n%s\n%s\n%s\n' "$HEADER" "$ROW1" "$BADROW" \
	    >"$G/leading-blank.csv"
	# A policy as Excel saves it: byte-order mark and CRLF.
	printf '\357\273\277unit,street_weight\r\n司法所,70\r\n%s\r\n' \
	    '税务所,0' >"$G/policy-excel.csv"
	printf '%s\r\n' 小区保障服务分中心,100 >>"$G/policy-excel.csv"

	: >"$G/empty.csv"
	printf '\n\n' >"$G/blank-only.csv"
	printf '\357\273\277' >"$G/bom-only.csv"

	iconv -f UTF-8 -t GB18030 "$D/policy/chinese.csv" \
	    >"$G/policy-gb18030.csv"
}

# A sheet whose line 3 holds the given bytes inside a name.
bad_bytes() {
	{
		printf '%s\n%s\n' "$HEADER" "$ROW1"
		printf "e02,A$2B,巳街道,巳街道司法所,80,80,\n"
	} >"$G/$1.csv"
}

# expected/si.csv's sheet with a note of $1 bytes on line 3, in a column
# kaoping ignores.
long_cell() {
	printf '%s,note\n%s,\n%s,' "$HEADER" "$ROW1" "$ROW2"
	head -c "$1" /dev/zero | tr '\0' x
	printf '\n'
}

# ---------------------------------------------------------------------
# Scripted scenarios.  Each is a function that returns 0 when the case
# passes, or sets why and returns 1; it runs in a fresh folder $T.

# k ARGS...: run kaoping with empty standard input; st is its status.
k() {
	st=0
	$wrap "$prog" "$@" <"$work/empty" >"$T/stdout" 2>"$T/stderr" || st=$?
}

want_status() {
	[ "$st" = "$1" ] && return 0
	why="exit $st, want $1"
	[ -s "$T/stderr" ] && why="$why: $(head -n 1 "$T/stderr")"
	return 1
}

want_empty() {	# FILE WHAT
	[ -s "$1" ] || return 0
	why="$2 not empty: $(head -n 1 "$1")"
	return 1
}

want_same() {	# FILE EXPECTED
	cmp -s "$1" "$2" && return 0
	why="$(basename "$1") differs from $2"
	return 1
}

want_absent() {	# PATH
	[ ! -e "$1" ] && [ ! -h "$1" ] && return 0
	why="$(basename "$1") exists"
	return 1
}

want_stderr() {	# STRING...: each must occur
	for w_s in "$@"; do
		check_stderr "$T/stderr" "$w_s" || return 1
	done
}

want_files() {	# PATH...: each a regular file
	for w_f in "$@"; do
		[ -f "$w_f" ] && continue
		why="no file $(basename "$w_f")"
		return 1
	done
}

# The folder holds exactly the names given (no temporary file is left).
want_listing() {	# DIR NAME...
	w_dir=$1
	shift
	w_want=
	[ $# = 0 ] || w_want=$(printf '%s\n' "$@" | LC_ALL=C sort | tr '\n' ' ')
	w_got=$(cd "$w_dir" && ls -A | LC_ALL=C sort | tr '\n' ' ')
	[ "$w_got" = "$w_want" ] && return 0
	why="folder holds: $w_got; want: $w_want"
	return 1
}

# Number of lines of a file.
lines() {
	wc -l <"$1" | tr -d ' '
}

# Both outputs written whole, standard output empty, no temporary file
# left, the files get the mode a new file gets under the umask, and an
# -o path without a folder is written in the current folder.
t_outputs_written() {
	mkdir "$T/out"
	st=0
	(umask 027 && exec $wrap "$prog" -n 2 -o "$T/out/n.csv" \
	    -r "$T/out/r.csv" "$D/tie.csv") \
	    <"$work/empty" >"$T/stdout" 2>"$T/stderr" || st=$?
	want_status 0 || return 1
	want_empty "$T/stdout" stdout || return 1
	want_stderr '甲街道 && t02 Bob, t03 Cat' || return 1
	want_same "$T/out/n.csv" "$E/tie-q2.csv" || return 1
	want_same "$T/out/r.csv" "$E/tie-q2-results.csv" || return 1
	want_listing "$T/out" n.csv r.csv || return 1
	mode=$(ls -l "$T/out/n.csv" | cut -c 1-10)
	if [ "$mode" != -rw-r----- ]; then
		why="mode $mode under umask 027, want -rw-r-----"
		return 1
	fi
	mkdir "$T/here"
	st=0
	(cd "$T/here" && exec $wrap "$prog" -n 2 -o n.csv "$top/$D/tie.csv") \
	    <"$work/empty" >"$T/stdout" 2>"$T/stderr" || st=$?
	want_status 0 || return 1
	want_same "$T/here/n.csv" "$E/tie-q2.csv" || return 1
	want_listing "$T/here" n.csv
}

# A failed run leaves existing outputs byte for byte, creates no new
# ones and leaves no temporary file, whatever the failure.
t_failure_keeps_outputs() {
	for f_in in "$D/rows-bad.csv" "$D/stray-quote.csv" \
	    "$G/utf8-overlong.csv" "$D/header-missing.csv" \
	    "$D/unterminated.csv"; do
		rm -rf "$T/out"
		mkdir "$T/out"
		printf 'old nominations\n' >"$T/out/n.csv"
		cp "$T/out/n.csv" "$T/keep"
		k -o "$T/out/n.csv" -r "$T/out/r.csv" "$f_in"
		want_status 65 || { why="$f_in: $why"; return 1; }
		want_same "$T/out/n.csv" "$T/keep" || return 1
		want_listing "$T/out" n.csv ||
		    { why="$f_in: $why"; return 1; }
	done
}

# -r fails on a full device after -o was written to its temporary file:
# the existing -o file is kept and standard output stays empty.
t_full_device() {
	k -o /dev/full "$D/tie.csv"
	want_status 74 || return 1
	want_stderr /dev/full || return 1
	k -r /dev/full "$D/tie.csv"
	want_status 74 || return 1
	want_empty "$T/stdout" stdout || return 1
	k --rejects /dev/full "$D/rows-bad.csv"
	want_status 74 || return 1
	want_empty "$T/stdout" stdout || return 1
	mkdir "$T/out"
	printf 'old\n' >"$T/out/n.csv"
	k -o "$T/out/n.csv" -r /dev/full "$D/tie.csv"
	want_status 74 || return 1
	[ "$(cat "$T/out/n.csv")" = old ] ||
	    { why="n.csv was changed"; return 1; }
	want_listing "$T/out" n.csv
}

# A named pipe at an output path is written directly.
t_fifo_output() {
	mkfifo "$T/pipe"
	# The shell holds the pipe open for reading and writing (which does
	# not wait on Linux), so kaoping finds a reader at once; the bytes are
	# read back after it ends, as many as the expected file has.
	exec 3<>"$T/pipe"
	k -n 2 -o "$T/pipe" "$D/tie.csv"
	f_size=$(wc -c <"$E/tie-q2.csv")
	timeout 10 head -c "$f_size" <&3 >"$T/got"
	exec 3>&-
	want_status 0 || return 1
	[ -p "$T/pipe" ] || { why="the pipe was replaced"; return 1; }
	want_same "$T/got" "$E/tie-q2.csv" || return 1
	# No reader: an error at once, not a hang (SPEC section 12).
	st=0
	timeout 60 $wrap "$prog" -n 2 -o "$T/pipe" "$D/tie.csv" \
	    >"$T/stdout" 2>"$T/stderr" || st=$?
	want_status 73 || return 1
	want_stderr "$T/pipe" || return 1
}

# A symbolic link at the -o path is replaced, its target left alone.
t_symlink_output() {
	printf 'target\n' >"$T/target"
	ln -s target "$T/n.csv"
	k -n 2 -o "$T/n.csv" "$D/tie.csv"
	want_status 0 || return 1
	if [ -h "$T/n.csv" ] || [ ! -f "$T/n.csv" ]; then
		why="n.csv is not a regular file"
		return 1
	fi
	want_same "$T/n.csv" "$E/tie-q2.csv" || return 1
	[ "$(cat "$T/target")" = target ] ||
	    { why="the link's target was changed"; return 1; }
	want_listing "$T" n.csv stderr stdout target
}

# A folder that cannot be written to: 73.  Root writes anyway.
t_unwritable_folder() {
	mkdir "$T/ro"
	chmod 555 "$T/ro"
	k -o "$T/ro/n.csv" "$D/tie.csv"
	chmod 755 "$T/ro"
	if [ "$(id -u)" = 0 ]; then
		# Root may write there; a folder of the kernel's stands in.
		want_status 0 || return 1
		k -o /proc/self/kaoping-n.csv "$D/tie.csv"
		want_stderr 'kaoping-n.csv: cannot create' || return 1
	else
		want_listing "$T/ro" || return 1
	fi
	want_status 73 || return 1
	want_empty "$T/stdout" stdout
}

# -c writes no file, good sheet or bad.
t_check_writes_nothing() {
	k -c -n 2 -o "$T/n.csv" -r "$T/r.csv" --rejects "$T/x.csv" \
	    "$D/tie.csv"
	want_status 0 || return 1
	want_empty "$T/stdout" stdout || return 1
	want_stderr '甲街道 && t02 Bob, t03 Cat' || return 1
	k -c -o "$T/n.csv" -r "$T/r.csv" "$D/rows-bad.csv"
	want_status 65 || return 1
	want_stderr 'rows-bad.csv:3:' || return 1
	want_empty "$T/stdout" stdout || return 1
	want_listing "$T" stderr stdout
}

# -c with --rejects and invalid rows: counted as a real run would, no file.
t_check_with_rejects() {
	k -c --rejects "$T/x.csv" -o "$T/n.csv" "$D/rows-bad.csv"
	want_status 0 || return 1
	want_empty "$T/stdout" stdout || return 1
	want_stderr 'warning && 16' || return 1
	want_listing "$T" stderr stdout
}

# --rejects: every invalid row lands there with its source and line, the
# rest are ranked without them, one warning counts them.
t_rejects() {
	k -o "$T/n.csv" -r "$T/r.csv" --rejects "$T/x.csv" "$D/rows-bad.csv"
	want_status 0 || return 1
	want_files "$T/n.csv" "$T/r.csv" "$T/x.csv" || return 1
	want_empty "$T/stdout" stdout || return 1
	if [ "$(lines "$T/stderr")" != 1 ]; then
		why="stderr has $(lines "$T/stderr") lines, want 1"
		return 1
	fi
	want_stderr 'warning && 16 && x.csv' || return 1
	want_same "$T/n.csv" "$E/rows-bad.csv" || return 1
	want_same "$T/r.csv" "$E/rows-bad-results.csv" || return 1
	# 20 data rows = 4 results + 16 rejects: a01's first row goes with
	# the rows that gave its department score again.
	[ "$(lines "$T/r.csv")" = 5 ] || { why="results rows"; return 1; }
	[ "$(lines "$T/x.csv")" = 17 ] ||
	    { why="rejects has $(lines "$T/x.csv") lines, want 17"; return 1; }
	head -n 1 "$T/x.csv" >"$T/x.head"
	printf '%s\n' "source,line,error,staff_id,name,street,unit,dept_score,street_score,eligible" >"$T/want.head"
	want_same "$T/x.head" "$T/want.head" || return 1
	# Each rejected row: source, line, a message, then its cells.
	src=$D/rows-bad.csv
	tail -n +2 "$T/x.csv" >"$T/x.rows"
	{
		echo "2|,a01,A1,丑街道,丑街道司法所,90,90,"
		echo "3|,,A2,丑街道,丑街道司法所,80,80,"
		echo "4|,a03,,丑街道,丑街道司法所,80,80,"
		echo "5|,a04,A4,,丑街道司法所,80,80,"
		echo "6|,a05,A5,丑街道,,80,80,"
		echo "7|,a06,A6,丑街道,丑街道司法分所,80,80,"
		echo "8|,a01,A8,丑街道,丑街道司法所,80,80,"
		echo "9|,a09,A9,丑街道,丑街道司法所,80,80,maybe"
		echo "10|,a10,A10,丑街道,丑街道司法所,80,80,"
		echo "12|,a12,,丑街道,丑街道司法所,abc,80,"
		echo "14|,A14,丑街道,丑街道司法所,80,80,"
		echo "17|,a17,A17,丑街道,丑街道司法所,80,,"
		echo "18|,a18,A18,丑街道,丑街道派出所,80,abc,"
		echo "19|,a19,A19,丑街道,丑街道司法所,80,80,是否"
		echo "20|,A20,丑街道,丑街道司法所,80,80,"
		echo "21|,丑街道,丑街道司法所,80,80,"
	} >"$T/want.rows"
	while IFS='|' read -r r_line r_cells <&3 && IFS= read -r r_got <&4
	do
		case $r_got in
		"$src,$r_line,"*"$r_cells") ;;
		*)	why="rejects row for line $r_line: $r_got"
			return 1 ;;
		esac
	done 3<"$T/want.rows" 4<"$T/x.rows"
	# No invalid row: a rejects file with its header only, no warning.
	k -n 2 --rejects "$T/y.csv" "$D/tie.csv"
	want_status 0 || return 1
	want_same "$T/stdout" "$E/tie-q2.csv" || return 1
	want_same "$T/y.csv" "$T/want.head" || return 1
	check_stderr "$T/stderr" '!invalid' || return 1
	# Rejected cells may hold anything: text and scores alike are guarded.
	k --rejects "$T/s.csv" "$D/scores-bad.csv"
	want_status 0 || return 1
	want_files "$T/s.csv" || return 1
	g_want="$D/scores-bad.csv,10,*,b09,B,子街道,子街道司法所,'-5,80,"
	while IFS= read -r g_line; do
		case $g_line in
		$g_want)	g_want=found; break ;;
		esac
	done <"$T/s.csv"
	[ "$g_want" = found ] ||
	    { why="no guarded rejects row for line 10 (-5)"; return 1; }
	# A structural problem still ends the run; nothing is written.
	k --rejects "$T/z.csv" "$D/stray-quote.csv"
	want_status 65 || return 1
	want_absent "$T/z.csv"
}

# --excel: UTF-8 byte-order mark and CRLF on every output; a line break
# inside a cell stays as it was found.
t_excel() {
	k --excel -n 100% -o "$T/n.csv" -r "$T/r.csv" --rejects "$T/x.csv" \
	    "$D/formula.csv" "$D/rows-bad.csv"
	want_status 0 || return 1
	want_files "$T/n.csv" "$T/r.csv" "$T/x.csv" || return 1
	bom=$(od -An -tx1 -N3 "$T/n.csv" | tr -d ' ')
	[ "$bom" = efbbbf ] || { why="n.csv starts with $bom"; return 1; }
	for e_f in r.csv x.csv; do
		bom=$(od -An -tx1 -N3 "$T/$e_f" | tr -d ' ')
		[ "$bom" = efbbbf ] ||
		    { why="$e_f starts with $bom"; return 1; }
	done
	{
		printf '\357\273\277'
		while IFS= read -r e_line; do
			case $e_line in
			*'"two')	printf '%s\n' "$e_line" ;;
			*)		printf '%s\r\n' "$e_line" ;;
			esac
		done <"$E/formula.csv"
		printf '%s\r\n' '丑街道,1,A01,A13,丑街道司法所,85,85,60,85.00,nominated' \
		    '丑街道,2,a11,A11,丑街道司法所,80,80,60,80.00,nominated' \
		    '丑街道,3,a15,A15,丑街道司法所,70,70,60,70.00,nominated' \
		    '丑街道,4,a16,A16,丑街道派出所,60,,0,60.00,nominated'
	} >"$T/want"
	want_same "$T/n.csv" "$T/want" || return 1
	# Every line of the rejects file ends in CRLF too.
	if [ "$(tr -cd '\n' <"$T/x.csv" | wc -c)" != \
	    "$(tr -cd '\r' <"$T/x.csv" | wc -c)" ]; then
		why="x.csv has a line without CRLF"
		return 1
	fi
	k --excel --print-policy
	want_status 0 || return 1
	{
		printf '\357\273\277'
		while IFS= read -r e_line; do
			printf '%s\r\n' "$e_line"
		done <"$E/policy-builtin.csv"
	} >"$T/want"
	want_same "$T/stdout" "$T/want"
}

# A name beginning with CR (not trimmed) is guarded and quoted.
t_guard_carriage_return() {
	printf '%s\n%s\n' "$HEADER" \
	    "$(printf 'g1,"\rX",戌街道,戌街道司法所,80,80,')" >"$T/in.csv"
	k -n 1 "$T/in.csv"
	want_status 0 || return 1
	printf '%s\n%s\n' \
	    street,rank,staff_id,name,unit,dept_score,street_score,street_weight,combined,status \
	    "$(printf '戌街道,1,g1,"'"'"'\rX",戌街道司法所,80,80,60,80.00,nominated')" \
	    >"$T/want"
	want_same "$T/stdout" "$T/want"
}

# 150 invalid rows: 100 messages, then one line that counts the other 50.
t_message_limit() {
	{
		echo "$HEADER"
		seq -f 'b%g,,亥街道,亥街道司法所,80,80,' 1 150
	} >"$T/many.csv"
	k "$T/many.csv"
	want_status 65 || return 1
	want_empty "$T/stdout" stdout || return 1
	[ "$(lines "$T/stderr")" = 101 ] ||
	    { why="stderr has $(lines "$T/stderr") lines, want 101"; return 1; }
	case $(head -n 1 "$T/stderr") in
	*many.csv:2:*) ;;
	*)	why="first message: $(head -n 1 "$T/stderr")"; return 1 ;;
	esac
	case $(head -n 100 "$T/stderr" | tail -n 1) in
	*many.csv:101:*) ;;
	*)	why="100th message: $(head -n 100 "$T/stderr" | tail -n 1)"
		return 1 ;;
	esac
	case $(tail -n 1 "$T/stderr") in
	*many.csv*) why="last line is a message: $(tail -n 1 "$T/stderr")"
		return 1 ;;
	*50*)	;;
	*)	why="last line does not count 50: $(tail -n 1 "$T/stderr")"
		return 1 ;;
	esac
}

# A reader that stops early: kaoping ends quietly (0, or killed by
# SIGPIPE), with nothing on standard error.
t_broken_pipe() {
	{
		echo "$HEADER"
		seq -f 'p%g,Name,酉街道,酉街道司法所,80,80,' 1 20000
	} >"$T/big.csv"
	{ $wrap "$prog" -n 100% "$T/big.csv" 2>"$T/stderr"; echo $? >"$T/st"; } |
	    head -n 1 >"$T/first"
	st=$(cat "$T/st")
	case $st in
	0|141)	;;
	*)	why="exit $st: $(head -n 1 "$T/stderr")"; return 1 ;;
	esac
	want_empty "$T/stderr" stderr || return 1
	head -n 1 "$E/header.csv" >"$T/want"
	want_same "$T/first" "$T/want" || return 1
	{ $wrap "$prog" -n 100% samples/quarter.csv 2>"$T/stderr"; echo $? >"$T/st"; } |
	    head -n 1 >"$T/first"
	st=$(cat "$T/st")
	case $st in
	0|141)	;;
	*)	why="quarter.csv: exit $st: $(head -n 1 "$T/stderr")"
		return 1 ;;
	esac
	want_empty "$T/stderr" stderr || return 1
	head -n 1 "$E/quarter-zh.csv" >"$T/want"
	want_same "$T/first" "$T/want"
}

# Property: on generated sheets with random defects, every data row ends
# up in the results or in the rejects, and the rejects are exactly the
# defective rows the generator made, with the rows whose staff_id a defect
# repeated.
t_accounting() {
	for a_seed in 1 2 3 4 5 6; do
		"$GENSHEET" 2000 "$a_seed" 60 >"$T/sheet.csv" 2>"$T/gen" ||
		    { why="gensheet failed"; return 1; }
		a_defects=$(sed -n 's/^rejected: //p' "$T/gen")
		st=0
		$wrap "$prog" --rejects "$T/rej.csv" -r "$T/res.csv" \
		    -o "$T/nom.csv" "$T/sheet.csv" 2>"$T/stderr" || st=$?
		want_status 0 || return 1
		a_valid=$(($(lines "$T/res.csv") - 1))
		a_rejected=$(($(lines "$T/rej.csv") - 1))
		if [ "$a_rejected" != "$a_defects" ] ||
		    [ $((a_valid + a_rejected)) != 2000 ]; then
			why="seed $a_seed: $a_valid valid + $a_rejected rejected,"
			why="$why generator made $a_defects defects in 2000 rows"
			return 1
		fi
	done
}

# SIGTERM or SIGINT while the run waits for input: the temporary files
# are removed and the old outputs stay as they were.
t_signal_cleanup() {
	for s_sig in TERM INT; do
		rm -rf "$T/out" && mkdir "$T/out"
		echo old >"$T/out/n.csv"
		rm -f "$T/in" && mkfifo "$T/in"
		# A shell starts background commands with SIGINT ignored,
		# and an ignored signal stays ignored (SPEC section 12).
		env --default-signal=INT $wrap "$prog" -o "$T/out/n.csv" \
		    -r "$T/out/r.csv" - <"$T/in" 2>"$T/stderr" &
		s_pid=$!
		exec 3>"$T/in"
		printf 'staff_id,name,street,unit,dept_score,street_score\n' >&3
		# Wait until both temporary files exist.
		s_tries=0
		while [ "$(ls -A "$T/out" | wc -l)" -lt 3 ] &&
		    [ "$s_tries" -lt 100 ]; do
			sleep 0.05
			s_tries=$((s_tries + 1))
		done
		kill -"$s_sig" "$s_pid"
		if [ "$s_tries" = 100 ]; then
			why="SIG$s_sig: no temporary files appeared"
			exec 3>&-
			return 1
		fi
		st=0
		wait "$s_pid" 2>/dev/null || st=$?
		exec 3>&-
		case $st in
		0)	why="SIG$s_sig: the run did not stop"; return 1 ;;
		esac
		printf 'old\n' >"$T/want"
		want_same "$T/out/n.csv" "$T/want" || return 1
		want_listing "$T/out" n.csv || return 1
	done
}

# Eight runs at once on different sheets with the same -o: afterwards the
# file is exactly one of the eight complete outputs.
t_concurrent_runs() {
	for c_seed in 1 2 3 4 5 6 7 8; do
		"$GENSHEET" 3000 "$c_seed" >"$T/s$c_seed.csv" 2>/dev/null
		$wrap "$prog" -o "$T/want$c_seed.csv" "$T/s$c_seed.csv" \
		    2>/dev/null
	done
	for c_seed in 1 2 3 4 5 6 7 8; do
		$wrap "$prog" -o "$T/same.csv" "$T/s$c_seed.csv" 2>/dev/null &
	done
	wait
	for c_seed in 1 2 3 4 5 6 7 8; do
		cmp -s "$T/same.csv" "$T/want$c_seed.csv" && break
	done
	if ! cmp -s "$T/same.csv" "$T/want$c_seed.csv"; then
		why="same.csv is none of the eight outputs"
		return 1
	fi
	rm -f "$T"/s?.csv "$T"/want?.csv
	want_listing "$T" same.csv
}

# An output folder that even root cannot write in: /proc takes no files.
t_cannot_create() {
	k -o /proc/kaoping-n.csv "$D/tie.csv"
	want_status 73 || return 1
	want_stderr '/proc/kaoping-n.csv: cannot create' || return 1
	want_empty "$T/stdout" stdout
}

# Under address-space limits from tiny to ample, a run either succeeds
# with the full output or fails with 71 and "out of memory", leaving no
# file behind and nothing on standard output: memory can run out anywhere
# without a crash or a half file.
t_out_of_memory() {
	"$GENSHEET" 200000 5 >"$T/sheet.csv" 2>/dev/null
	mkdir "$T/full" "$T/out"
	"$prog" -o "$T/full/n.csv" -r "$T/full/r.csv" "$T/sheet.csv" \
	    2>/dev/null
	m_ok=0
	# Below some limit the program cannot even be loaded with its
	# libraries; the sweep starts at the first limit where it starts.
	m_start=2000
	until (ulimit -v "$m_start" && exec "$prog" --version) \
	    >/dev/null 2>&1; do
		m_start=$((m_start + 1000))
		[ "$m_start" -le 64000 ] ||
		    { why="kaoping --version fails under 64000 KiB"; return 1; }
	done
	# Every 1000 KiB where it runs out: where the limit falls decides
	# which allocation fails, and each way out must be clean.
	for m_kib in $(seq "$m_start" 1000 $((m_start + 31000))) \
	    $((m_start + 37000)) $((m_start + 45000)) $((m_start + 61000)) \
	    $((m_start + 77000)); do
		st=0
		(ulimit -v "$m_kib" && exec "$prog" -o "$T/out/n.csv" \
		    -r "$T/out/r.csv" "$T/sheet.csv") 2>"$T/stderr" || st=$?
		case $st in
		0)	want_same "$T/out/n.csv" "$T/full/n.csv" || return 1
			want_same "$T/out/r.csv" "$T/full/r.csv" || return 1
			rm -f "$T/out/n.csv" "$T/out/r.csv"
			m_ok=$((m_ok + 1)) ;;
		71)	want_stderr 'out of memory' || return 1 ;;
		*)	why="limit $m_kib KiB: exit $st: $(tail -n 1 "$T/stderr")"
			return 1 ;;
		esac
		want_listing "$T/out" || return 1
		st=0
		(ulimit -v "$m_kib" && exec "$prog" "$T/sheet.csv") \
		    >"$T/stdout" 2>"$T/stderr" || st=$?
		case $st in
		0)	want_same "$T/stdout" "$T/full/n.csv" || return 1 ;;
		71)	want_empty "$T/stdout" stdout || return 1 ;;
		*)	why="limit $m_kib KiB, to standard output: exit $st"
			return 1 ;;
		esac
	done
	[ "$m_ok" -gt 0 ] || { why="no limit was enough to finish"; return 1; }
}

# Results of a sheet equal those of the same sheet split into one file per
# street, given in order of first appearance (streets are ranked apart).
t_split_by_street() {
	"$GENSHEET" 5000 9 >"$T/sheet.csv" 2>/dev/null
	mkdir "$T/parts"
	# Generated sheets hold no quoted cells: a plain split on commas works.
	awk -F, -v dir="$T/parts" 'NR == 1 { header = $0; next }
	    !($3 in file) {
		file[$3] = sprintf("%s/%04d.csv", dir, ++n)
		print header >file[$3]
	    }
	    { print >file[$3] }' "$T/sheet.csv"
	st=0
	$wrap "$prog" -o "$T/whole-n.csv" -r "$T/whole-r.csv" "$T/sheet.csv" \
	    2>/dev/null || st=$?
	want_status 0 || return 1
	$wrap "$prog" -o "$T/parts-n.csv" -r "$T/parts-r.csv" "$T"/parts/*.csv \
	    2>/dev/null || st=$?
	want_status 0 || return 1
	want_same "$T/parts-r.csv" "$T/whole-r.csv" || return 1
	want_same "$T/parts-n.csv" "$T/whole-n.csv"
}

# One sheet of seed $1 with defects per mille $3, split into a department
# sheet and $2 street sheets (given in reverse order of their names): the
# nominations and results of both runs are the same; with defects and
# --rejects, the split run rejects twice the rows (a department row and a
# street row for each row of the full sheet).
split_joint_once() {
	rm -rf "$T/s" && mkdir "$T/s"
	j_z=
	[ $(($1 % 2)) = 0 ] && j_z=-z
	"$GENSHEET" $j_z -s "$T/s" "$2" 3000 "$1" "$3" 2>/dev/null ||
	    { why="gensheet failed"; return 1; }
	j_rej=
	[ "$3" = 0 ] || j_rej=--rejects
	j_case="seed $1, $2 street sheets"
	st=0
	$wrap "$prog" ${j_rej:+"$j_rej" "$T/xf.csv"} -r "$T/rf.csv" \
	    -o "$T/nf.csv" "$T/s/full.csv" 2>"$T/stderr" || st=$?
	want_status 0 || { why="$j_case, full: $why"; return 1; }
	set -- "$T/s/dept.csv"
	for j_f in $(cd "$T/s" && ls street-*.csv | sort -r); do
		set -- "$@" "$T/s/$j_f"
	done
	$wrap "$prog" ${j_rej:+"$j_rej" "$T/xs.csv"} -r "$T/rs.csv" \
	    -o "$T/ns.csv" "$@" 2>"$T/stderr" || st=$?
	want_status 0 || { why="$j_case, split: $why"; return 1; }
	want_same "$T/rs.csv" "$T/rf.csv" || { why="$j_case: $why"; return 1; }
	want_same "$T/ns.csv" "$T/nf.csv" || { why="$j_case: $why"; return 1; }
	[ -n "$j_rej" ] || return 0
	j_full=$(($(lines "$T/xf.csv") - 1))
	j_split=$(($(lines "$T/xs.csv") - 1))
	[ "$j_full" != 0 ] && [ "$j_split" = $((2 * j_full)) ] && return 0
	why="$j_case: $j_full rows rejected of the full sheet, $j_split of"
	why="$why the split ones"
	return 1
}

# SPEC section 8: splitting a full sheet into a department sheet (rows in
# the same order) and any number of street sheets (any order) gives
# byte-identical outputs.
t_split_joint() {
	for j_seed in 1 2 3 4; do
		split_joint_once "$j_seed" 1 0 || return 1
		split_joint_once "$j_seed" 3 40 || return 1
		split_joint_once "$j_seed" 8 40 || return 1
	done
}

# A sheet big enough to be written in many blocks by two threads, and to
# set the disk to work on the way (every 16 blocks): every street in one
# run, ranks rising and scores falling within it, every row once, and the
# nominations exactly the nominated and tied results, to a file or a pipe.
t_block_order() {
	"$GENSHEET" 70000 4 >"$T/sheet.csv" 2>/dev/null
	st=0
	$wrap "$prog" -o "$T/n.csv" -r "$T/r.csv" "$T/sheet.csv" \
	    2>/dev/null || st=$?
	want_status 0 || return 1
	b_problem=$(awk -F, 'NR == 1 { next }
	    $1 != street {
		if ($1 in done) { print "street " $1 " comes back"; exit }
		done[street] = 1; street = $1; rank = 0; score = 1000
	    }
	    $2 + 0 < rank || $9 + 0 > score {
		print "line " NR " is out of order"; exit
	    }
	    { rank = $2 + 0; score = $9 + 0; ids[$3]++ }
	    END { if (NR != 70001) print NR - 1 " rows"
		for (id in ids) if (ids[id] != 1) { print id " twice"; exit } }
	    ' "$T/r.csv")
	[ -z "$b_problem" ] || { why=$b_problem; return 1; }
	awk -F, 'NR == 1 || $10 == "nominated" || $10 == "tie"' "$T/r.csv" \
	    >"$T/want-n.csv"
	want_same "$T/n.csv" "$T/want-n.csv" || return 1
	$wrap "$prog" -r "$T/r2.csv" "$T/sheet.csv" 2>/dev/null | cat \
	    >"$T/piped-n.csv"
	want_same "$T/piped-n.csv" "$T/want-n.csv" || return 1
	want_same "$T/r2.csv" "$T/r.csv"
}

# A sheet that exists but cannot be read exits 66.  Root reads any file,
# so as root a write-only file of the kernel stands in.
t_unreadable_sheet() {
	if [ "$(id -u)" = 0 ]; then
		u_sheet=/proc/sys/vm/compact_memory
	else
		u_sheet=$T/secret.csv
		cp "$D/tie.csv" "$u_sheet"
		chmod 000 "$u_sheet"
	fi
	k -o "$T/n.csv" "$u_sheet"
	want_status 66 || return 1
	want_stderr "$u_sheet: cannot open: Permission denied" || return 1
	[ ! -e "$T/n.csv" ] || { why="n.csv was created"; return 1; }
}

# Workbooks as clerks keep them (SPEC sections 9 and 11): a title row
# above the header, IDs that a spreadsheet stored as numbers, an old .xls.
t_workbook_sheets() {
	"$MKXLSX" -t 沈河区2026年第三季度考评汇总表 samples/quarter.csv \
	    "$T/q.xlsx" || { why="mkxlsx failed"; return 1; }
	k -v "$T/q.xlsx"
	want_status 0 || return 1
	want_same "$T/stdout" "$E/quarter-zh.csv" || return 1
	want_stderr 'q.xlsx: workbook && "Sheet1" && 1 title row' || return 1
	# An 18-digit ID stored as a number lost its last digits; a
	# 15-digit one is exact and is read as its digits.
	printf '%s\n' "$HEADER" \
	    '210103198705123456,长号,午街道,午街道司法所,80,80,' \
	    '123456789012345,短号,午街道,午街道司法所,90,90,' \
	    >"$T/ids.csv"
	"$MKXLSX" -n "$T/ids.csv" "$T/ids.xlsx" ||
	    { why="mkxlsx -n failed"; return 1; }
	k "$T/ids.xlsx"
	want_status 65 || return 1
	want_stderr 'ids.xlsx:2: staff_id "2101031987051 && format the staff_id column as text && !ids.xlsx:3:' || return 1
	k -n 100% --rejects "$T/x.csv" "$T/ids.xlsx"
	want_status 0 || return 1
	case $(cat "$T/stdout") in
	*',1,123456789012345,短号,'*) ;;
	*)	why="the 15-digit ID is not in the nominations"; return 1 ;;
	esac
	# An old binary workbook is refused with what to do.
	printf '\320\317\021\340\241\261\032\341rest' >"$T/old.xls"
	k "$T/old.xls"
	want_status 65 || return 1
	want_stderr 'old.xls: && .xls && .xlsx' || return 1
}

# Workbook outputs (SPEC section 9), looked at with unzip, not with
# kaoping's reader: IDs are text, scores numbers, and kaoping reads its
# own workbook back to the same results.
t_workbook_outputs() {
	printf '%s\n' "$HEADER" '007,零零七,未街道,未街道司法所,85.5,90.25,' \
	    '210103198705123456,长号,未街道,未街道派出所,88,,' >"$T/in.csv"
	k -n 100% -r "$T/r.xlsx" -o "$T/n.csv" "$T/in.csv"
	want_status 0 || return 1
	unzip -p "$T/r.xlsx" xl/worksheets/sheet1.xml >"$T/sheet.xml" ||
	    { why="unzip failed"; return 1; }
	unzip -p "$T/r.xlsx" xl/workbook.xml >"$T/book.xml"
	# 007 ranks first with 85.5 x 40% + 90.25 x 60% = 88.35.
	for w_want in '<c r="C2" t="inlineStr"><is><t>007</t>' \
	    '<c r="C3" t="inlineStr"><is><t>210103198705123456</t>' \
	    '<c r="I3" s="[0-9]*"><v>88</v></c>' \
	    '<c r="B3" s="[0-9]*"><v>2</v></c>'; do
		grep -q "$w_want" "$T/sheet.xml" ||
		    { why="sheet1.xml lacks $w_want"; return 1; }
	done
	grep -q 'name="results"' "$T/book.xml" ||
	    { why="the worksheet is not named results"; return 1; }
	k -n 100% "$T/r.xlsx"
	want_status 0 || return 1
	want_same "$T/stdout" "$T/n.csv"
}

# -o with {street}: one file per street, each street of the run gets its
# file (header only where nobody was nominated), a / in a street's name
# becomes _ (SPEC section 10).
t_street_files() {
	printf '%s\n' "$HEADER" 's1,甲一,申/酉街道,申/酉街道司法所,90,90,' \
	    's2,甲二,申/酉街道,申/酉街道司法所,80,80,' \
	    's3,乙一,戌街道,戌街道司法所,70,70,否' >"$T/in.csv"
	mkdir "$T/out"
	k -n 1 -o "$T/out/{street}-nominations.csv" "$T/in.csv"
	want_status 0 || return 1
	want_empty "$T/stdout" stdout || return 1
	want_listing "$T/out" 戌街道-nominations.csv \
	    申_酉街道-nominations.csv || return 1
	printf '%s\n' \
	    street,rank,staff_id,name,unit,dept_score,street_score,street_weight,combined,status \
	    '申/酉街道,1,s1,甲一,申/酉街道司法所,90,90,60,90.00,nominated' \
	    >"$T/want"
	want_same "$T/out/申_酉街道-nominations.csv" "$T/want" || return 1
	head -n 1 "$T/want" >"$T/want.head"
	want_same "$T/out/戌街道-nominations.csv" "$T/want.head" || return 1
	# A per-street name that is a sheet is refused before writing.
	k -o "$T/{street}.csv" "$T/in.csv" "$T/戌街道.csv" 2>/dev/null
	case $st in
	64|66)	;;
	*)	why="a per-street output over a sheet: exit $st"; return 1 ;;
	esac
	# A street named ".." gets a file of its own, not its parent folder.
	printf '%s\n' "$HEADER" 'd1,点,..,..司法所,80,80,' >"$T/dots.csv"
	mkdir "$T/dots"
	k -o "$T/dots/{street}" "$T/dots.csv"
	want_status 0 || return 1
	want_listing "$T/dots" __ || return 1
	# --rejects cannot be split: a rejected row may have no street.
	k --rejects "$T/{street}-x.csv" "$T/in.csv"
	want_status 64
}

scenario() {	# NAME FUNCTION
	new_case_dir
	why=
	if "$2" && [ -z "$why" ]; then
		pass "$1"
	else
		fail "$1" "${why:-failed}"
	fi
}

make_inputs
run_table
scenario outputs-written t_outputs_written
scenario failure-keeps-outputs t_failure_keeps_outputs
if [ -c /dev/full ]; then
	scenario full-device t_full_device
else
	skip full-device "no /dev/full"
fi
scenario fifo-output t_fifo_output
scenario symlink-output t_symlink_output
scenario unwritable-folder t_unwritable_folder
if [ -d /proc/self ]; then
	scenario cannot-create t_cannot_create
fi
if [ "$(id -u)" != 0 ] || [ -f /proc/sys/vm/compact_memory ]; then
	scenario unreadable-sheet t_unreadable_sheet
else
	skip unreadable-sheet "root, and no write-only file to stand in"
fi
scenario check-writes-nothing t_check_writes_nothing
scenario check-with-rejects t_check_with_rejects
scenario rejects t_rejects
scenario excel t_excel
scenario guard-carriage-return t_guard_carriage_return
scenario message-limit t_message_limit
scenario broken-pipe t_broken_pipe
scenario signal-cleanup t_signal_cleanup
scenario accounting t_accounting
scenario concurrent-runs t_concurrent_runs
scenario split-by-street t_split_by_street
scenario split-joint t_split_joint
scenario block-order t_block_order
scenario workbook-sheets t_workbook_sheets
scenario workbook-outputs t_workbook_outputs
scenario street-files t_street_files
# Sanitizers and valgrind reserve more address space than any limit.
if [ -z "$wrap" ] && [ -z "${KAOPING_NO_ULIMIT:-}" ]; then
	scenario out-of-memory t_out_of_memory
else
	skip out-of-memory "address-space limits and sanitizers clash"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
