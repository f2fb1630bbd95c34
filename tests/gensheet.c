/*
 * gensheet: write a deterministic, realistic score sheet to standard output.
 *
 *	gensheet [-z] [-s DIR K] ROWS [SEED] [DEFECT_PERMILLE]
 *
 * The sheet is UTF-8 with LF line ends and the header
 * staff_id,name,street,unit,dept_score,street_score,eligible
 * (-z: the Chinese column names).  About ROWS/200 streets (at least one)
 * are named from two syllables plus 街道, three syllables once two are not
 * enough; each street has 90-800 staff, and the rows of all streets are
 * shuffled together as in a merged sheet.  Units are the street's name plus
 * one of the built-in policy's suffixes.  Scores lie in 60-100 with 0-3
 * decimals; one row in ten draws both scores from a coarse grid so that
 * equal combined scores (ties at quota lines) are common.  street_score is
 * empty for units whose street share is 0.
 *
 * With DEFECT_PERMILLE > 0, that many rows per thousand (on average) get
 * exactly one defect that makes the row invalid under the SPEC, and
 * "defects: N" is printed on standard error.  A defect that repeats the
 * staff_id of an earlier valid row also makes that row unusable (its staff
 * member is given a department score twice), so "rejected: M" follows: the
 * defective rows and those.  Every other row is valid, so valid results +
 * rejected rows == ROWS.
 *
 * With -s DIR K the sheet is written to DIR/full.csv instead, and split as
 * the two parties would send it (SPEC section 8): DIR/dept.csv holds the
 * department's columns of every row, in the same order, and K street
 * sheets DIR/street-1.csv ... DIR/street-K.csv hold the street's columns
 * of every row, shuffled and dealt at random among them.  A row's eligible
 * value goes to one side at random (the other side's cell is empty), a
 * surplus cell to the department's side, and one street row in four names
 * its street with 办事处.  Every row of the full sheet is one row of each
 * side, so the split run rejects exactly twice as many rows.
 *
 * Same arguments, same bytes: all randomness comes from splitmix64 seeded
 * with SEED (default 1).  Only libc; no floating point.
 */
#define _POSIX_C_SOURCE 200809L	/* getline */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EX_USAGE	64
#define EX_IOERR	74
#define EX_OSERR	71
#define EX_CANTCREAT	73

#define OUTBUF		(1 << 20)
#define ROWMAX		1024		/* generous bound on one row's bytes */
#define IDMAX		64
#define KMAX		1000		/* street sheets of a split */
#define CELLMAX		16		/* cells of a generated row, at most */

/* First and second syllables of street names: one CJK character each. */
static const char *const syl1[] = {
	"大", "南", "北", "东", "西", "新", "长", "青", "五", "丰", "泉", "文",
	"万", "和", "滨", "浑", "太", "马", "皇", "沈", "望", "凌", "松", "柳",
	"桃", "杏", "枫", "兰", "云", "风", "雨", "星", "光", "明", "华", "兴",
	"安", "宁", "康", "泰", "福", "顺", "德", "仁", "义", "朝", "信", "春",
	"夏", "秋", "冬", "金", "银", "铁", "石", "河", "湖", "山", "林", "花",
	"园", "城", "龙", "凤", "鹤", "鹿", "红", "白", "黄", "紫", "翠", "永",
};
static const char *const syl2[] = {
	"南", "湖", "河", "山", "园", "城", "平", "兴", "安", "华", "阳", "泉",
	"桥", "门", "台", "坛", "站", "坊", "里", "堡", "屯", "营", "村", "街",
	"路", "岭", "岗", "沟", "洼", "滩", "湾", "洲", "州", "亭", "寺", "塔",
	"楼", "苑", "庄", "镇", "乡", "埠", "口", "关", "井", "池", "溪", "江",
	"海", "源", "岸", "林", "庭", "宫", "厦", "府", "塘", "堤", "坡", "峰",
	"谷", "原", "田", "甸", "店", "寨", "坝", "渡", "港", "滨", "莲", "北",
};

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
	"马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
	"唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
	"潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
	"任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
	"石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦",
	"邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎",
	"贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "武", "戴", "孔",
	"常", "温", "康", "施", "牛", "樊", "葛", "邢", "安", "齐", "乔", "佟",
};

static const char *const given[] = {
	"伟", "芳", "娜", "秀", "英", "敏", "静", "丽", "强", "磊", "军", "洋",
	"勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平", "刚", "桂", "兰",
	"辉", "玲", "华", "红", "鹏", "飞", "宇", "浩", "凯", "健", "俊", "帆",
	"旭", "宁", "龙", "林", "欣", "晨", "瑶", "婷", "雪", "琳", "晶", "颖",
	"倩", "慧", "佳", "怡", "思", "雨", "萌", "博", "文", "斌", "波", "毅",
	"峰", "鑫", "海", "亮", "成", "松", "阳", "春", "梅", "燕", "凤", "晓",
	"蕾", "悦", "璐", "宏", "志", "国", "建", "新", "永", "立", "东", "德",
	"庆", "洪", "振", "达", "福", "荣", "喜", "晴", "薇", "媛", "蓉", "妍",
	"琪", "梦", "诗", "嘉", "子", "梓", "涵", "轩", "睿", "泽", "铭", "哲",
	"昊", "然", "天", "一", "航", "翔", "远", "坤", "鸿", "彬", "群", "威",
	"淑", "珍", "琴", "云", "莉", "丹", "萍", "冬", "良", "民", "忠", "胜",
};

/*
 * Unit suffixes of the built-in policy (SPEC section 3), with the street
 * share W and a relative frequency (the frequencies sum to 100).  Units of
 * the district police, tax and market offices are named after the street
 * without 街道 (大南派出所), the others with it (大南街道司法所).
 */
static const struct unitkind {
	const char	*suffix;
	int		 weight;	/* W */
	int		 longname;	/* prefix includes 街道 */
	int		 freq;
} units[] = {
	{ "司法所",			60, 1,  9 },
	{ "综合执法分中心",		60, 1, 10 },
	{ "城市建设综合行政执法分中心",	60, 1,  6 },
	{ "社会事务服务分中心",		60, 1, 12 },
	{ "应急管理服务分中心",		60, 1,  8 },
	{ "小区保障服务分中心",		60, 1, 10 },
	{ "派出所",			 0, 0, 12 },
	{ "公安派出所",			 0, 0,  6 },
	{ "税务所",			 0, 0,  7 },
	{ "市场监管所",			 0, 0,  6 },
	{ "市场监督管理所",		 0, 0,  4 },
	{ "经济发展服务分中心",		 0, 1, 10 },
};

/* Suffixes that match no policy entry. */
static const char *const badunits[] = {
	"图书馆", "文化站", "卫生服务中心", "环卫所",
};

static const char *const eligibles[] = {
	"是", "否", "yes", "no", "1", "0", "TRUE", "FALSE",
};

enum defect {
	D_NONE = -1,
	D_EMPTY_ID, D_DUP_ID, D_EMPTY_NAME, D_EXPONENT, D_OVER100,
	D_UNIT_SUFFIX, D_FULLWIDTH, D_NO_INT, D_DECIMALS, D_BAD_UNIT,
	D_NO_STREET_SCORE, D_BAD_ELIGIBLE, D_SURPLUS,
	D_COUNT
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static uint64_t rngstate;

static uint64_t
rnd(void)
{
	uint64_t z;

	z = (rngstate += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* A number in [0, n); the modulo bias is far below anything measurable. */
static uint64_t
below(uint64_t n)
{
	return rnd() % n;
}

static char	*out;
static size_t	 outlen;
static FILE	*outfp;

static void
flush(void)
{
	if (outlen > 0 && fwrite(out, 1, outlen, outfp) != outlen) {
		perror("gensheet: write");
		exit(EX_IOERR);
	}
	outlen = 0;
}

static void
put(const char *s, size_t n)
{
	memcpy(out + outlen, s, n);
	outlen += n;
}

static void
puts0(const char *s)
{
	put(s, strlen(s));
}

static void
putch(char c)
{
	out[outlen++] = c;
}

/* Write v in decimal, zero-padded to at least width digits. */
static void
putnum(uint64_t v, int width)
{
	char	 tmp[24];
	int	 n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	while (n < width)
		tmp[n++] = '0';
	while (n > 0)
		out[outlen++] = tmp[--n];
}

static int
digits(uint64_t v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/*
 * Write a score given in thousandths (60000..100000) with dec (0-3)
 * decimals; the value has already been truncated to that many decimals.
 */
static void
putscore(uint32_t th, int dec)
{
	static const uint32_t div[] = { 1000, 100, 10, 1 };

	putnum(th / 1000, 0);
	if (dec > 0) {
		putch('.');
		putnum((th % 1000) / div[dec], dec);
	}
}

static uint32_t
draw_score(int *dec)
{
	uint32_t	 th;
	uint64_t	 r = below(100);

	/* Decimals: 0 for 20%, 1 for 35%, 2 for 35%, 3 for 10%. */
	*dec = r < 20 ? 0 : r < 55 ? 1 : r < 90 ? 2 : 3;
	/* Triangular on 60..100, mean 80, 80th percentile near 87. */
	th = 60000 + (uint32_t)((below(40001) + below(40001)) / 2);
	if (*dec < 3) {
		static const uint32_t step[] = { 1000, 100, 10 };
		th -= th % step[*dec];
	}
	return th;
}

/* Coarse grid 84, 84.5, ..., 92 for deliberate ties. */
static uint32_t
coarse_score(int *dec)
{
	uint32_t th = 84000 + 500 * (uint32_t)below(17);

	*dec = th % 1000 ? 1 : 0;
	return th;
}

/*
 * Fenwick tree over the rows each street has left, so that a street can
 * be drawn with probability proportional to what it has left: every
 * street ends with exactly its planned row count, in random order.
 */
static uint64_t	*fen;
static size_t	 nfen;

static void
fen_add(size_t i, int64_t d)
{
	for (i++; i <= nfen; i += i & -i)
		fen[i - 1] += (uint64_t)d;
}

static size_t
fen_find(uint64_t r)
{
	size_t	 pos = 0, step = 1;

	while (step * 2 <= nfen)
		step *= 2;
	for (; step > 0; step /= 2) {
		if (pos + step <= nfen && fen[pos + step - 1] <= r) {
			pos += step;
			r -= fen[pos - 1];
		}
	}
	return pos;
}

static void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n, sz);

	if (p == NULL) {
		perror("gensheet");
		exit(EX_OSERR);
	}
	return p;
}

static int
parse_uint(const char *s, uint64_t max, uint64_t *v)
{
	char			*end;
	unsigned long long	 x;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || x > max)
		return -1;
	*v = x;
	return 0;
}

static void *
xmalloc(size_t n)
{
	void *p = malloc(n);

	if (p == NULL) {
		perror("gensheet");
		exit(EX_OSERR);
	}
	return p;
}

static FILE *
open_in(const char *dir, const char *name, const char *mode)
{
	char	 path[4096];
	FILE	*fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((fp = fopen(path, mode)) == NULL) {
		fprintf(stderr, "gensheet: %s: %s\n", path, strerror(errno));
		exit(EX_CANTCREAT);
	}
	return fp;
}

static void
close_checked(FILE *fp)
{
	if (fflush(fp) != 0 || ferror(fp) || fclose(fp) != 0) {
		perror("gensheet: write");
		exit(EX_IOERR);
	}
}

/* The cells of a generated line: it has no quotes, so split at commas. */
static size_t
split_cells(char *line, char **cells)
{
	size_t	 n = 0;
	char	*p = line;

	for (;;) {
		cells[n++] = p;
		if (n == CELLMAX || (p = strchr(p, ',')) == NULL)
			return n;
		*p++ = '\0';
	}
}

/*
 * Split DIR/full.csv into DIR/dept.csv and K street sheets, as the header
 * comment says.  The street rows are kept in memory to be shuffled.
 */
static void
split_sheet(const char *dir, uint64_t k)
{
	FILE	*in, *dept, *streets[KMAX];
	char	*line = NULL, *cell[CELLMAX], **srows = NULL, *t, name[32];
	size_t	 cap = 0, nrows = 0, rowscap = 0, n, i, j;
	ssize_t	 len;
	int	 zh, side;

	in = open_in(dir, "full.csv", "r");
	dept = open_in(dir, "dept.csv", "w");
	if (getline(&line, &cap, in) <= 0) {
		fputs("gensheet: full.csv has no header\n", stderr);
		exit(EX_IOERR);
	}
	zh = line[0] != 's';
	fputs(zh ? "工号,姓名,街道,单位,主管部门评分,可评优\n" :
	    "staff_id,name,street,unit,dept_score,eligible\n", dept);
	while ((len = getline(&line, &cap, in)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if ((n = split_cells(line, cell)) < 7) {
			fputs("gensheet: full.csv: a short row\n", stderr);
			exit(EX_IOERR);
		}
		side = (int)below(2);	/* 1: eligible goes to the street */
		fprintf(dept, "%s,%s,%s,%s,%s,%s", cell[0], cell[1], cell[2],
		    cell[3], cell[4], side ? "" : cell[6]);
		for (i = 7; i < n; i++)
			fprintf(dept, ",%s", cell[i]);
		fputc('\n', dept);
		if (nrows == rowscap) {
			rowscap = rowscap > 0 ? 2 * rowscap : 1024;
			t = realloc(srows, rowscap * sizeof(*srows));
			if (t == NULL) {
				perror("gensheet");
				exit(EX_OSERR);
			}
			srows = (char **)(void *)t;
		}
		srows[nrows] = xmalloc((size_t)len + 32);
		snprintf(srows[nrows++], (size_t)len + 32,
		    "%s,%s,%s%s,%s,%s,%s\n", cell[0], cell[1], cell[2],
		    below(4) == 0 ? "办事处" : "", cell[3], cell[5],
		    side ? cell[6] : "");
	}
	if (ferror(in)) {
		perror("gensheet: full.csv");
		exit(EX_IOERR);
	}
	fclose(in);
	free(line);
	close_checked(dept);
	for (i = nrows; i > 1; i--) {
		j = below(i);
		t = srows[i - 1];
		srows[i - 1] = srows[j];
		srows[j] = t;
	}
	for (i = 0; i < k; i++) {
		snprintf(name, sizeof name, "street-%zu.csv", i + 1);
		streets[i] = open_in(dir, name, "w");
		fputs(zh ? "工号,姓名,街道,单位,街道评分,可评优\n" :
		    "staff_id,name,street,unit,street_score,eligible\n",
		    streets[i]);
	}
	for (i = 0; i < nrows; i++) {
		fputs(srows[i], streets[below(k)]);
		free(srows[i]);
	}
	for (i = 0; i < k; i++)
		close_checked(streets[i]);
	free(srows);
}

static void
usage(void)
{
	fputs("usage: gensheet [-z] [-s DIR K] ROWS [SEED] "
	    "[DEFECT_PERMILLE]\n", stderr);
	exit(EX_USAGE);
}

int
main(int argc, char *argv[])
{
	uint64_t	 rows, seed = 1, permille = 0, row, defects = 0;
	uint64_t	 spoiled = 0;	/* valid rows whose id came again */
	int		 lastid_spoiled = 0;
	uint64_t	 nstreets, space, sumw = 0, assigned = 0, *plan;
	uint32_t	*combo, *wt, *seq;
	size_t		 s, i, nsyl1 = NELEM(syl1), nsyl2 = NELEM(syl2);
	int		 zh = 0, idw, seqw, three, unitcum[NELEM(units)];
	char		(*names)[16], lastid[IDMAX] = "";
	size_t		 lastidlen = 0;
	const char	*dir = NULL;	/* -s: write and split there */
	uint64_t	 nsplit = 0;

	argv++, argc--;
	if (argc > 0 && strcmp(argv[0], "-z") == 0) {
		zh = 1;
		argv++, argc--;
	}
	if (argc > 0 && strcmp(argv[0], "-s") == 0) {
		if (argc < 3 || parse_uint(argv[2], KMAX, &nsplit) != 0 ||
		    nsplit == 0)
			usage();
		dir = argv[1];
		argv += 3, argc -= 3;
	}
	if (argc < 1 || argc > 3 || parse_uint(argv[0], UINT64_C(1) << 40,
	    &rows) != 0 || (argc > 1 && parse_uint(argv[1], UINT64_MAX,
	    &seed) != 0) || (argc > 2 && parse_uint(argv[2], 1000,
	    &permille) != 0))
		usage();
	rngstate = seed ^ UINT64_C(0x6B616F70696E6721);
	outfp = dir != NULL ? open_in(dir, "full.csv", "w") : stdout;

	for (i = 0; i < NELEM(units); i++)
		unitcum[i] = units[i].freq + (i > 0 ? unitcum[i - 1] : 0);

	/* Streets: about one per 200 rows, names drawn without repetition. */
	nstreets = rows / 200 > 0 ? rows / 200 : 1;
	space = nsyl1 * nsyl2;
	three = nstreets > space;
	if (three)
		space *= nsyl2;
	if (nstreets > space)
		nstreets = space;
	combo = xcalloc(space, sizeof(*combo));
	for (i = 0; i < space; i++)
		combo[i] = (uint32_t)i;
	for (i = 0; i < nstreets; i++) {
		size_t	 j = i + below(space - i);
		uint32_t t = combo[i];

		combo[i] = combo[j];
		combo[j] = t;
	}
	names = xcalloc(nstreets, sizeof(*names));
	for (s = 0; s < nstreets; s++) {
		uint32_t c = combo[s];
		char	*p = names[s];

		strcpy(p, syl1[c % nsyl1]);
		c /= (uint32_t)nsyl1;
		strcat(p, syl2[c % nsyl2]);
		if (three)
			strcat(p, syl2[c / nsyl2]);
	}
	free(combo);

	/*
	 * Street sizes: weights 1000-3000, one street in twenty 3000-9000,
	 * scaled to sum to ROWS; the remainder goes one row each to the
	 * streets from a random start.
	 */
	wt = xcalloc(nstreets, sizeof(*wt));
	plan = xcalloc(nstreets, sizeof(*plan));
	for (s = 0; s < nstreets; s++) {
		wt[s] = below(20) == 0 ? 3000 + (uint32_t)below(6001) :
		    1000 + (uint32_t)below(2001);
		sumw += wt[s];
	}
	for (s = 0; s < nstreets; s++) {
		plan[s] = rows / sumw * wt[s] + rows % sumw * wt[s] / sumw;
		assigned += plan[s];
	}
	for (s = below(nstreets); assigned < rows; s = (s + 1) % nstreets) {
		plan[s]++;
		assigned++;
	}
	free(wt);
	nfen = nstreets;
	fen = xcalloc(nfen, sizeof(*fen));
	seqw = 4;
	for (s = 0; s < nstreets; s++) {
		fen_add(s, (int64_t)plan[s]);
		if (digits(plan[s]) > seqw)
			seqw = digits(plan[s]);
	}
	idw = digits(nstreets) > 4 ? digits(nstreets) : 4;
	seq = xcalloc(nstreets, sizeof(*seq));
	free(plan);

	out = xcalloc(OUTBUF, 1);
	puts0(zh ? "工号,姓名,街道,单位,主管部门评分,街道评分,可评优\n" :
	    "staff_id,name,street,unit,dept_score,street_score,eligible\n");

	for (row = 0; row < rows; row++) {
		const struct unitkind *u;
		enum defect	 d = D_NONE;
		uint32_t	 dept, street;
		int		 ddec, sdec, k, baddept = 0;
		size_t		 idstart;
		uint64_t	 r;

		if (outlen > OUTBUF - ROWMAX)
			flush();

		if (permille > 0 && below(1000) < permille) {
			d = (enum defect)below(D_COUNT);
			if (d == D_DUP_ID && lastidlen == 0)
				d = D_EMPTY_NAME;
			defects++;
		}

		s = fen_find(below(rows - row));
		fen_add(s, -1);
		seq[s]++;

		r = below(100);
		for (k = 0; unitcum[k] <= (int)r; k++)
			;
		if (d == D_NO_STREET_SCORE)
			k = (int)below(6);	/* the W=60 entries come first */
		u = &units[k];

		if (below(10) == 0) {
			dept = coarse_score(&ddec);
			street = coarse_score(&sdec);
		} else {
			dept = draw_score(&ddec);
			street = draw_score(&sdec);
		}

		/* staff_id */
		idstart = outlen;
		if (d == D_DUP_ID) {
			put(lastid, lastidlen);
			if (!lastid_spoiled)
				spoiled++;
			lastid_spoiled = 1;
		}
		else if (d != D_EMPTY_ID) {
			puts0("SY");
			putnum(s + 1, idw);
			putnum(seq[s], seqw);
		}
		if (d == D_NONE) {
			lastidlen = outlen - idstart;
			memcpy(lastid, out + idstart, lastidlen);
			lastid_spoiled = 0;
		}
		putch(',');

		/* name: surname and one or two given-name characters */
		if (d != D_EMPTY_NAME) {
			puts0(surnames[below(NELEM(surnames))]);
			puts0(given[below(NELEM(given))]);
			if (below(10) < 7)
				puts0(given[below(NELEM(given))]);
		}
		putch(',');

		puts0(names[s]);
		puts0("街道,");

		puts0(names[s]);
		if (d == D_BAD_UNIT)
			puts0(badunits[below(NELEM(badunits))]);
		else {
			if (u->longname)
				puts0("街道");
			puts0(u->suffix);
		}
		putch(',');

		if (d >= D_EXPONENT && d <= D_DECIMALS)
			baddept = below(2) == 0;
		if (baddept) {
			switch (d) {
			case D_EXPONENT:
				puts0("8.5e1");
				break;
			case D_OVER100:
				puts0("101");
				break;
			case D_UNIT_SUFFIX:
				putscore(dept, ddec);
				puts0("分");
				break;
			case D_FULLWIDTH:
				puts0("８５");
				break;
			case D_NO_INT:
				puts0(".5");
				break;
			default:
				puts0("87.1234567890123456");
				break;
			}
		} else
			putscore(dept, ddec);
		putch(',');

		if (d >= D_EXPONENT && d <= D_DECIMALS && !baddept) {
			/* validated even where W is 0 (SPEC section 2) */
			switch (d) {
			case D_EXPONENT:
				puts0("9.1E1");
				break;
			case D_OVER100:
				puts0("100.001");
				break;
			case D_UNIT_SUFFIX:
				putscore(street, sdec);
				puts0("分");
				break;
			case D_FULLWIDTH:
				puts0("９２.５");
				break;
			case D_NO_INT:
				puts0(".75");
				break;
			default:
				puts0("90.0000000000000001");
				break;
			}
		} else if (u->weight > 0 && d != D_NO_STREET_SCORE)
			putscore(street, sdec);
		putch(',');

		if (d == D_BAD_ELIGIBLE)
			puts0(below(2) ? "maybe" : "2");
		else if (below(100) >= 85)
			puts0(eligibles[below(NELEM(eligibles))]);
		if (d == D_SURPLUS)
			puts0(",备注");
		putch('\n');
	}
	flush();
	if (dir != NULL) {
		close_checked(outfp);
		split_sheet(dir, nsplit);
	} else if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gensheet: write");
		return EX_IOERR;
	}
	if (permille > 0)
		fprintf(stderr, "defects: %llu\nrejected: %llu\n",
		    (unsigned long long)defects,
		    (unsigned long long)(defects + spoiled));
	free(out);
	free(fen);
	free(seq);
	free(names);
	return 0;
}
