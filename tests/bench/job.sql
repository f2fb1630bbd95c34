-- kaoping's job in sqlite3, a timing baseline for tests/bench/bench.sh.
--
-- It does NOT match kaoping bit for bit and is not a reference: scores are
-- binary doubles and round() is sqlite's, so half-way cases and ties can
-- differ from kaoping's exact decimal arithmetic; nothing is validated (the
-- sheet must be gensheet's defect-free output with the English header);
-- only the built-in policy, the 20% quota and no score floor are done, and
-- cells are written unquoted (gensheet's cells hold no comma or quote).
--
-- bench.sh replaces @SHEET@, @NOMINATIONS@ and @RESULTS@ with file paths
-- and runs:  sqlite3 :memory: < script
.bail on
.import --csv @SHEET@ sheet

CREATE TABLE results AS
WITH scored AS (
    SELECT rowid AS line, *,
        CASE
        WHEN unit LIKE '%司法所' OR unit LIKE '%综合执法分中心'
            OR unit LIKE '%综合行政执法分中心'
            OR unit LIKE '%社会事务服务分中心'
            OR unit LIKE '%应急管理服务分中心'
            OR unit LIKE '%小区保障服务分中心' THEN 60
        ELSE 0	-- 派出所, 税务所, 市场监管所, 经济发展服务分中心
        END AS w,
        lower(trim(eligible)) IN ('', 'yes', 'y', 'true', '1', '是')
            AS elig
    FROM sheet
), combined AS (
    SELECT *, round((w * CAST(street_score AS REAL) +
        (100 - w) * CAST(dept_score AS REAL)) / 100.0, 2) AS c
    FROM scored
), ranked AS (
    -- Per street: the rank among all rows, the quota, and among rows of
    -- the same eligibility, how many score higher (above) and how many
    -- score at least as high (upto).
    SELECT *,
        RANK() OVER (PARTITION BY street ORDER BY c DESC) AS rank,
        (COUNT(*) OVER (PARTITION BY street) * 20 + 50) / 100 AS quota,
        RANK() OVER (PARTITION BY street, elig ORDER BY c DESC) - 1
            AS above,
        COUNT(*) OVER (PARTITION BY street, elig ORDER BY c DESC) AS upto,
        MIN(line) OVER (PARTITION BY street) AS first_line
    FROM combined
)
SELECT street, rank, staff_id, name, unit, dept_score, street_score,
    w AS street_weight, printf('%.2f', c) AS combined,
    CASE
    WHEN NOT elig THEN 'ineligible'
    WHEN upto <= quota THEN 'nominated'
    WHEN above < quota THEN 'tie'
    ELSE 'not-nominated'
    END AS status,
    first_line
FROM ranked;

DROP TABLE sheet;
.headers on
.mode list
.separator ,
.once @NOMINATIONS@
SELECT street, rank, staff_id, name, unit, dept_score, street_score,
    street_weight, combined, status
FROM results WHERE status IN ('nominated', 'tie')
ORDER BY first_line, rank, staff_id;
.once @RESULTS@
SELECT street, rank, staff_id, name, unit, dept_score, street_score,
    street_weight, combined, status
FROM results
ORDER BY first_line, rank, staff_id;
