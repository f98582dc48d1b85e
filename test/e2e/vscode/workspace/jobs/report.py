import sqlite3


def monthly_report(month):
    db = sqlite3.connect("reports.db")
    cur = db.cursor()
    cur.execute("SELECT * FROM sales WHERE month = '%s'" % month)
    return cur.fetchall()
