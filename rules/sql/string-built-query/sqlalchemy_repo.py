from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

engine = create_engine("postgresql+psycopg2://app@localhost/app")


def find_user(session: Session, email: str):
    # ruleid: sql/string-built-query
    return session.execute(text(f"SELECT * FROM users WHERE email = '{email}'")).first()


def find_in_org(session: Session, org_id: int, role: str):
    # ruleid: sql/string-built-query
    return session.execute(text("SELECT * FROM members WHERE org_id = :org_id AND role = '" + role + "'"), {"org_id": org_id}).all()


def active_clause(name: str):
    # ruleid: sql/string-built-query
    return text(f"name = '{name}' AND active")


def legacy(email: str):
    with engine.connect() as conn:
        # ruleid: sql/string-built-query
        return conn.execute("SELECT * FROM users WHERE email = '%s'" % email).first()


def safe(session: Session, email: str):
    # ok: sql/string-built-query
    return session.execute(text("SELECT * FROM users WHERE email = :email"), {"email": email}).first()


def orm(session: Session, email: str):
    # ok: sql/string-built-query
    return session.query(User).filter_by(email=email).first()
