#!/usr/bin/env bash
# Benchmark kaoping: CSV, joined and workbook sheets, CSV and workbook
# outputs, against libcsv alone and sqlite3.
#
#	bash tests/bench/bench.sh [KAOPING] [ROWS...]
#
# KAOPING defaults to ./kaoping; ROWS to $BENCH_ROWS, else 10000 100000
# 1000000.  Environment:
#   BENCH_RUNS        runs of each job (default 3)
#   BENCH_AB_RUNS     pairs of the encoding comparison (default 2 x runs + 1)
#   BENCH_SQLITE_MAX  largest sheet given to sqlite3 (default 1000000: it
#                     needs minutes beyond)
#   BENCH_SST_MAX     largest workbook made with shared strings, as
#                     spreadsheets save them (default 1000000); bigger ones
#                     get inline strings (mkxlsx -c), which takes far less
#                     memory to make
#   GENSHEET, CSVPARSE, MKXLSX
#                     these binaries instead of compiling tests/gensheet.c,
#                     tests/bench/csvparse.c and tests/mkxlsx.c with $CC
#
# For each size, gensheet writes a defect-free sheet (seed 1) and its split
# into a department sheet and 8 street sheets; mkxlsx turns the sheet into
# a workbook.  Then, BENCH_RUNS times, one after the other, it times these
# jobs (the first column of the table):
#   csv        kaoping -o -r on the sheet
#   csv -c     kaoping -c on the sheet (reading only)
#   join       kaoping -o -r on the department sheet and the street sheets
#   xlsx       kaoping -o -r on the workbook
#   xlsx -c    kaoping -c on the workbook
#   out.xlsx   kaoping -o -r RESULTS.xlsx on the sheet
#   csvparse   libcsv alone, parsing the sheet
#   sqlite     the same job in SQL (job.sql), if sqlite3 is on PATH
# Wall time is the median of the runs, from the shell's clock, and so is
# CPU time (user + system of the job's processes); peak RSS (the largest of
# the runs) comes from /usr/bin/time.  RSS is also given over the size of the job's input.  A
# workbook holds at most 1048575 data rows, so the xlsx jobs stop there.
# One more run of out.xlsx, untimed, samples the temporary files
# libxlsxwriter keeps in $TMPDIR (a sample: the true peak may be a little
# higher).  At the largest size, the csv job and csv -c run again in pairs,
# encoding auto against -e UTF-8, in turn, and the medians are compared.
# The end gives the ratios of the issues.
#
# Before each job what its last run wrote is removed (no run pays for
# freeing it) and sync(1) puts on the disk what is still waiting (no run
# pays for the sheets or sqlite3's outputs; kaoping fsyncs its own).  The
# generated data lives in a temporary folder, removed at the end.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
kaoping=${1:-./kaoping}
[ $# -gt 0 ] && shift
if [ $# -gt 0 ]; then
	sizes=("$@")
else
	read -r -a sizes <<<"${BENCH_ROWS:-10000 100000 1000000}"
fi
runs=${BENCH_RUNS:-3}
ab_runs=${BENCH_AB_RUNS:-$((2 * runs + 1))}
sqlite_max=${BENCH_SQLITE_MAX:-1000000}
sst_max=${BENCH_SST_MAX:-1000000}
streets=8		# street sheets of the split
xlsx_rows_max=1048575	# data rows a worksheet holds under its header

die() {
	echo "bench.sh: $*" >&2
	exit 1
}

# need_count NAME VALUE: VALUE must be a non-negative integer.
need_count() {
	case $2 in
	''|*[!0-9]*) die "$1 must be a non-negative integer: '$2'" ;;
	esac
}

need_count BENCH_RUNS "$runs"
need_count BENCH_AB_RUNS "$ab_runs"
need_count BENCH_SQLITE_MAX "$sqlite_max"
need_count BENCH_SST_MAX "$sst_max"
[ "$runs" -gt 0 ] || die "BENCH_RUNS must be at least 1"
for n in "${sizes[@]}"; do
	need_count "row count" "$n"
done
if [ ! -x "$kaoping" ] || [ -d "$kaoping" ]; then
	die "$kaoping is not a program (make kaoping)"
fi
[ -x /usr/bin/time ] ||
    die "/usr/bin/time is missing (apt-get install time)"

work=$(mktemp -d "${TMPDIR:-/tmp}/kaoping-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' HUP INT TERM
# libxlsxwriter's temporary files go here, so that they can be found.
xltmp=$work/xltmp
mkdir "$xltmp"

# tool VAR SOURCE LIBS...: the binary named by $VAR, else SOURCE compiled.
tool() {
	local var=$1 src=$2 bin
	shift 2
	if [ -n "${!var:-}" ]; then
		echo "${!var}"
		return
	fi
	bin=$work/$(basename "$src" .c)
	"${CC:-cc}" -O2 -o "$bin" "$src" "$@" ||
	    die "cannot compile $src (set $var, or install what it needs)"
	echo "$bin"
}

gensheet=$(tool GENSHEET "$here/../gensheet.c")
csvparse=$(tool CSVPARSE "$here/csvparse.c" -lcsv)
# shellcheck disable=SC2046 # pkg-config's words are meant to split
mkxlsx=$(tool MKXLSX "$here/../mkxlsx.c" $(pkg-config --cflags --libs \
    xlsxwriter 2>/dev/null || echo -lxlsxwriter) -lcsv)
have_sqlite=0
command -v sqlite3 >/dev/null 2>&1 && have_sqlite=1

# Microseconds since the epoch: bash 5's EPOCHREALTIME, else GNU date.
now_us() {
	if [ -n "${EPOCHREALTIME:-}" ]; then
		echo "${EPOCHREALTIME/[.,]/}"
	else
		echo $(($(date +%s%N) / 1000))
	fi
}

# timed NAME CMD...: run CMD once, its output to $work/NAME.out and .err;
# append the wall time (s) to $work/NAME.wall, the CPU time (s) to
# NAME.cpu and the peak RSS (KiB) to NAME.rss.  The CPU time comes from
# the shell's own count of its children, to the millisecond (time(1)
# rounds to 10 ms).  A failing CMD ends the benchmark.
timed() {
	local name=$1 t0 t1 rc=0
	shift
	t0=$(now_us)
	times >"$work/times.before"
	TMPDIR=$xltmp /usr/bin/time -f %M -o "$work/$name.time" \
	    "$@" >"$work/$name.out" 2>"$work/$name.err" || rc=$?
	times >"$work/times.after"
	t1=$(now_us)
	if [ "$rc" -ne 0 ]; then
		echo "bench.sh: $name failed (exit $rc): $*" >&2
		tail -n 5 "$work/$name.err" >&2
		exit 1
	fi
	awk -v d=$((t1 - t0)) 'BEGIN { printf "%.6f\n", d / 1e6 }' \
	    >>"$work/$name.wall"
	cat "$work/times.before" "$work/times.after" | awk '
	    # times: the shell, then its children: "1m2.345s 0m0.678s"
	    # (a decimal comma in some locales).
	    NR % 2 == 0 { for (i = 1; i <= 2; i++) {
			sub(",", ".", $i)
			split($i, t, "m")
			c[NR] += t[1] * 60 + t[2] } }
	    END { printf "%.3f\n", c[4] - c[2] }' >>"$work/$name.cpu"
	tail -n 1 "$work/$name.time" >>"$work/$name.rss"
}

# median FILE: the median of the numbers in FILE, one a line.
median() {
	sort -n "$1" | awk '{ v[NR] = $1 }
	    END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# fresh NAME: before job NAME, remove what it wrote last time (its files
# are nom-NAME.* and res-NAME.*) and let the disk catch up.
fresh() {
	rm -f "$work/nom-$1".* "$work/res-$1".*
	sync
}

# kaoping_job NAME ARGS...: time kaoping ARGS as job NAME.
kaoping_job() {
	local name=$1
	shift
	fresh "$name"
	timed "$name" "$kaoping" "$@"
}

# label NAME: how the table names job NAME.
label() {
	case $1 in
	csv_c) echo "csv -c" ;;
	xlsx_c) echo "xlsx -c" ;;
	xlsx_out) echo "out.xlsx" ;;
	*) echo "$1" ;;
	esac
}

# summarise NAME ROWS BYTES: NAME's medians into NAME.sum (wall, CPU, RSS
# KiB, input bytes) and one line of the table.
summarise() {
	local name=$1 rows=$2 bytes=$3 wall cpu rss
	wall=$(median "$work/$name.wall")
	cpu=$(median "$work/$name.cpu")
	rss=$(sort -n "$work/$name.rss" | tail -n 1)
	echo "$wall $cpu $rss $bytes" >"$work/$name.sum"
	awk -v n="$rows" -v job="$(label "$name")" -v b="$bytes" -v w="$wall" \
	    -v c="$cpu" -v m="$rss" 'BEGIN {
		us = n > 0 ? w * 1e6 / n : 0
		xf = b > 0 ? m * 1024 / b : 0
		printf "%9d  %-9s %7.1f %8.3f %7.3f %7.3f %8.1f %6.2f\n", n,
		    job, b / 1e6, w, us, c, m / 1024, xf }'
}

# field NAME K: the K-th figure of NAME.sum (1 wall, 2 CPU, 3 RSS, 4 bytes).
field() {
	cut -d' ' -f"$2" "$work/$1.sum"
}

# over A B K: figure K of job A over that of job B, as "1.23x".
over() {
	awk -v a="$(field "$1" "$3")" -v b="$(field "$2" "$3")" \
	    'BEGIN { if (b > 0) printf "%.2fx", a / b; else printf "-" }'
}

# size_of FILE...: their bytes together.
size_of() {
	cat "$@" | wc -c
}

# make_data ROWS: the sheet, its split and its workbook in $work/data,
# each generator timed once.
make_data() {
	local n=$1 data=$work/data xflags=
	rm -rf "$data"
	mkdir "$data"
	timed gensheet "$gensheet" -s "$data" "$streets" "$n" 1
	summarise gensheet "$n" "$(size_of "$data"/*.csv)"
	[ "$n" -le "$xlsx_rows_max" ] || return 0
	[ "$n" -le "$sst_max" ] || xflags=-c
	timed mkxlsx "$mkxlsx" $xflags "$data/full.csv" "$data/full.xlsx"
	summarise mkxlsx "$n" "$(size_of "$data/full.xlsx")"
}

# sqlite_script: job.sql with the paths of this size's files.
sqlite_script() {
	sed -e "s|@SHEET@|$work/data/full.csv|" \
	    -e "s|@NOMINATIONS@|$work/nom-sqlite.csv|" \
	    -e "s|@RESULTS@|$work/res-sqlite.csv|" "$here/job.sql" \
	    >"$work/job.sql"
}

# run_jobs ROWS: one run of every job at this size.
run_jobs() {
	local n=$1 d=$work/data
	kaoping_job csv -o "$work/nom-csv.csv" -r "$work/res-csv.csv" \
	    "$d/full.csv"
	kaoping_job csv_c -c "$d/full.csv"
	kaoping_job join -o "$work/nom-join.csv" -r "$work/res-join.csv" \
	    "$d/dept.csv" "$d"/street-*.csv
	if [ -e "$d/full.xlsx" ]; then
		kaoping_job xlsx -o "$work/nom-xlsx.csv" \
		    -r "$work/res-xlsx.csv" "$d/full.xlsx"
		kaoping_job xlsx_c -c "$d/full.xlsx"
		kaoping_job xlsx_out -o "$work/nom-xlsx_out.csv" \
		    -r "$work/res-xlsx_out.xlsx" "$d/full.csv"
	fi
	fresh csvparse
	timed csvparse "$csvparse" "$d/full.csv"
	if [ $have_sqlite = 1 ] && [ "$n" -le "$sqlite_max" ]; then
		fresh sqlite
		# shellcheck disable=SC2016 # $1 is the inner shell's
		timed sqlite sh -c 'exec sqlite3 :memory: <"$1"' sh \
		    "$work/job.sql"
	fi
}

# check_outputs ROWS: what the last run wrote must add up.
check_outputs() {
	local n=$1 got
	got=$(($(wc -l <"$work/res-csv.csv") - 1))
	[ "$got" -eq "$n" ] ||
	    echo "warning: kaoping wrote $got results for $n rows" >&2
	cmp -s "$work/res-csv.csv" "$work/res-join.csv" &&
	    cmp -s "$work/nom-csv.csv" "$work/nom-join.csv" ||
	    echo "warning: the joined sheets gave other outputs" >&2
	if [ -e "$work/res-xlsx.csv" ]; then
		got=$(($(wc -l <"$work/res-xlsx.csv") - 1))
		[ "$got" -eq "$n" ] ||
		    echo "warning: the workbook gave $got results" >&2
	fi
	if [ -e "$work/res-sqlite.csv" ]; then
		local kn sn
		kn=$(($(wc -l <"$work/nom-csv.csv") - 1))
		sn=$(($(wc -l <"$work/nom-sqlite.csv") - 1))
		[ "$kn" -eq "$sn" ] || echo "note: nominations: kaoping $kn," \
		    "sqlite $sn (may differ: job.sql uses doubles)" >&2
	fi
}

# peak_tmp CMD...: run CMD (untimed) and print the largest number of bytes
# its open files in $xltmp held at once, sampled every 10 ms.  The files
# are unlinked as soon as they are made, so only the descriptors show them.
peak_tmp() {
	local pid peak=0 sum
	TMPDIR=$xltmp "$@" >/dev/null 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sum=$(find /proc/"$pid"/fd -lname "$xltmp/*" \
		    -exec stat -L -c %s {} + 2>/dev/null |
		    awk '{ s += $1 } END { print s + 0 }')
		[ "$sum" -le "$peak" ] || peak=$sum
		sleep 0.01
	done
	wait "$pid" || die "the temporary-space run failed: $*"
	echo "$peak"
}

# xlsx_tmp: libxlsxwriter's temporary space for the out.xlsx job, and
# the workbook written, into xlsx_out.tmp.
xlsx_tmp() {
	local peak
	fresh xlsx_out
	peak=$(peak_tmp "$kaoping" -o "$work/nom-xlsx_out.csv" \
	    -r "$work/res-xlsx_out.xlsx" "$work/data/full.csv")
	echo "$peak $(size_of "$work/res-xlsx_out.xlsx")" \
	    >"$work/xlsx_out.tmp"
}

# bench_size ROWS: every job at this size, its table lines and ratios.
bench_size() {
	local n=$1 d=$work/data job bytes
	rm -f "$work"/*.wall "$work"/*.rss "$work"/*.cpu "$work"/*.sum \
	    "$work"/*.tmp
	make_data "$n"
	sqlite_script
	for _ in $(seq "$runs"); do
		run_jobs "$n"
	done
	check_outputs "$n"
	if [ -e "$d/full.xlsx" ]; then
		xlsx_tmp
	fi
	for job in csv csv_c join xlsx xlsx_c xlsx_out csvparse sqlite; do
		[ -e "$work/$job.wall" ] || continue
		case $job in
		join) bytes=$(size_of "$d/dept.csv" "$d"/street-*.csv) ;;
		xlsx|xlsx_c) bytes=$(size_of "$d/full.xlsx") ;;
		*) bytes=$(size_of "$d/full.csv") ;;
		esac
		summarise "$job" "$n" "$bytes"
	done
	ratios_line "$n" >>"$work/ratios"
	rm -rf "$d"
}

# ratios_line ROWS: this size's ratios, one line of the table at the end.
ratios_line() {
	local n=$1 xlc=- xrss=- xl=- xout=- tmp=- book=-
	if [ -e "$work/xlsx.sum" ]; then
		xlc=$(over xlsx_c csv_c 1)
		xrss=$(over xlsx_c csv_c 3)
		xl=$(over xlsx csv 1)
		xout=$(over xlsx_out csv 1)
		read -r tmp book <"$work/xlsx_out.tmp"
		tmp=$(awk -v b="$tmp" 'BEGIN { printf "%.1f", b / 1048576 }')
		book=$(awk -v b="$book" 'BEGIN { printf "%.1f", b / 1048576 }')
	fi
	printf '%9d %9s %9s %9s %9s %9s %9s %9s %9s %9s %9s\n' "$n" \
	    "$(over csv csvparse 1)" "$(over csv csvparse 2)" \
	    "$(over join csv 1)" "$(over join csv 2)" \
	    "$xlc" "$xrss" "$xl" "$xout" "$tmp" "$book"
	awk -v n="$n" -v w="$(field csv 1)" 'BEGIN { if (n > 0)
	    printf "%d %.3f\n", n, w * 1e6 / n }' >>"$work/per-row"
}

# enc_run auto|utf8 full|c: one run of the csv job (full) or of csv -c
# (c), with encoding auto or -e UTF-8.
enc_run() {
	local name=enc_$1_$2 args=()
	[ "$1" = auto ] || args=(-e UTF-8)
	if [ "$2" = c ]; then
		args+=(-c)
	else
		args+=(-o "$work/nom-$name.csv" -r "$work/res-$name.csv")
	fi
	kaoping_job "$name" "${args[@]}" "$work/data/full.csv"
}

# encoding_ab ROWS: encoding auto (A) against -e UTF-8 (B) on one UTF-8
# sheet, in pairs of runs taken A B, B A, A B, ... so that neither has
# the other's place in every pair; for the csv job and for csv -c, the
# medians of each, their ratio, and the median of the ratios in the pairs.
encoding_ab() {
	local n=$1 i order which kind
	mkdir -p "$work/data"
	"$gensheet" "$n" 1 >"$work/data/full.csv"
	for i in $(seq "$ab_runs"); do
		order="auto utf8"
		[ $((i % 2)) = 1 ] || order="utf8 auto"
		for kind in full c; do
			for which in $order; do
				enc_run "$which" "$kind"
			done
		done
	done
	echo
	echo "encoding at $n rows, auto (A) against -e UTF-8 (B): $ab_runs" \
	    "pairs of runs, A B, B A, A B, ..."
	printf '  %-7s %9s %9s %7s %9s %9s %7s %13s\n' job "A wall" \
	    "B wall" "A / B" "A CPU" "B CPU" "A / B" "pairs: wall"
	encoding_line csv full
	encoding_line "csv -c" c
	echo "  (target: A / B <= 1.03 at 10^6 rows)"
	rm -rf "$work/data"
}

# encoding_line LABEL KIND: the comparison's line for one job.
encoding_line() {
	local a=$work/enc_auto_$2 b=$work/enc_utf8_$2
	paste "$a.wall" "$b.wall" | awk '$2 > 0 { print $1 / $2 }' \
	    >"$work/enc_pairs_$2"
	awk -v job="$1" -v aw="$(median "$a.wall")" -v bw="$(median "$b.wall")" \
	    -v ac="$(median "$a.cpu")" -v bc="$(median "$b.cpu")" \
	    -v pw="$(median "$work/enc_pairs_$2")" 'BEGIN {
		cr = bc > 0 ? sprintf("%.3fx", ac / bc) : "-"
		printf "  %-7s %9.3f %9.3f %6.3fx %9.3f %9.3f %7s %12.3fx\n",
		    job, aw, bw, aw / bw, ac, bc, cr, pw }'
}

# header: the machine, the tools and the table's head.
header() {
	local cpu
	cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' \
	    /proc/cpuinfo 2>/dev/null | head -n 1)
	echo "kaoping benchmark"
	echo "machine: $(nproc 2>/dev/null || echo '?') CPUs," \
	    "${cpu:-unknown CPU}, $(uname -sr); load $(load)"
	echo "kaoping: $kaoping"
	echo "sqlite3: $([ $have_sqlite = 1 ] &&
	    sqlite3 --version | cut -d' ' -f1 || echo 'not on PATH, skipped')"
	echo "runs: $runs per job; wall and CPU = medians, RSS = largest;" \
	    "xfile = RSS / input"
	echo "data: gensheet -s, $streets street sheets; workbooks with" \
	    "shared strings up to $sst_max rows, inline strings above"
	echo "gensheet and mkxlsx: one run each, writing the data"
	echo
	printf '%9s  %-9s %7s %8s %7s %7s %8s %6s\n' rows job MB "wall s" \
	    us/row "CPU s" "RSS MiB" xfile
}

# load: the load averages over 1, 5 and 15 minutes.
load() {
	cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'
}

# footer: the ratios of every size, and time per row by size.
footer() {
	echo
	echo "ratios of the medians (RSS: the largest); tmp: libxlsxwriter's" \
	    "temporary files at their peak, sampled;"
	echo "book: the workbook out.xlsx writes"
	printf '%9s %19s %19s %19s %9s %9s %9s %9s\n' "" "csv / libcsv" \
	    "join / csv" "xlsx -c / csv -c" "xlsx /" "out.xlsx" tmp book
	printf '%9s %9s %9s %9s %9s %9s %9s %9s %9s %9s %9s\n' rows wall CPU \
	    wall CPU wall RSS "csv wall" "/ csv" MiB MiB
	cat "$work/ratios"
	awk '{ line = line sprintf(" %d: %.3f", $1, $2)
		if (min == "" || $2 < min) min = $2
		if (max == "" || $2 > max) max = $2 }
	    END { if (min > 0) printf "csv job, us/row by size:%s; " \
		"largest/smallest %.2fx\n", line, max / min }' "$work/per-row"
}

header
largest=0
for n in "${sizes[@]}"; do
	bench_size "$n"
	[ "$n" -le "$largest" ] || largest=$n
done
footer
if [ "$ab_runs" -gt 0 ]; then
	encoding_ab "$largest"
fi
echo
echo "load at the end: $(load)"
