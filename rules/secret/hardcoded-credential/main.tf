# Values are fake.
resource "aws_db_instance" "shop" {
  engine   = "postgres"
  username = "shop"
  # ruleid: secret/hardcoded-credential
  password = "Xk29fQ7mLw3pZ8"
}

resource "aws_db_instance" "reports" {
  engine   = "postgres"
  username = "reports"
  # ok: secret/hardcoded-credential
  password = var.reports_db_password
}
