-- The analysis views depend on cells.table_key/row_key/col_key, which the next migration drops;
-- 0008_warehouse_views_v2 creates them again.
DROP VIEW IF EXISTS v_agency, v_coverage, v_metrics_agency_year, v_qa_flags, v_t4, v_t3, v_t2, v_fact_cell, v_report;
