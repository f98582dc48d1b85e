import pandas as pd
from sqlalchemy import create_engine

engine = create_engine("postgresql+psycopg2://analytics@localhost/warehouse")


def region_sales(region, year):
    # ruleid: sql/string-built-query
    return pd.read_sql(f"SELECT * FROM sales WHERE region = '{region}' AND year = {int(year)}", engine)


def safe(region):
    # ok: sql/string-built-query
    return pd.read_sql("SELECT * FROM sales WHERE region = %(region)s", engine, params={"region": region})
