const sql = require('mssql');

async function invoices(customerId) {
  const pool = await sql.connect(process.env.MSSQL_URL);
  // ruleid: sql/string-built-query
  const result = await pool.request().query(`SELECT * FROM Invoices WHERE CustomerId = '${customerId}'`);
  return result.recordset;
}

async function safeInvoices(customerId) {
  const pool = await sql.connect(process.env.MSSQL_URL);
  // ok: sql/string-built-query
  const result = await pool.request().input('customerId', sql.NVarChar, customerId).query('SELECT * FROM Invoices WHERE CustomerId = @customerId');
  return result.recordset;
}

async function tagged(customerId) {
  // ok: sql/string-built-query
  return sql.query`SELECT * FROM Invoices WHERE CustomerId = ${customerId}`;
}

module.exports = { invoices, safeInvoices, tagged };
