const { Sequelize, QueryTypes } = require('sequelize');

const sequelize = new Sequelize(process.env.DATABASE_URL);

async function salesFor(region, year) {
  // ruleid: sql/string-built-query
  return sequelize.query(`SELECT * FROM sales WHERE region = '${region}' AND year = ${year}`, { type: QueryTypes.SELECT });
}

async function customer(req) {
  // ruleid: sql/string-built-query
  return sequelize.query("SELECT * FROM customers WHERE email = '" + req.body.email + "'");
}

async function merged(status, ownerId) {
  // ruleid: sql/string-built-query
  return sequelize.query(`SELECT * FROM tickets WHERE owner_id = :ownerId AND status = '${status}'`, {
    replacements: { ownerId },
    type: QueryTypes.SELECT,
  });
}

async function byLiteral(User, name) {
  // ruleid: sql/string-built-query
  return User.findAll({ where: sequelize.literal(`name = '${name}'`) });
}

async function safe(region) {
  // ok: sql/string-built-query
  return sequelize.query('SELECT * FROM sales WHERE region = :region', { replacements: { region }, type: QueryTypes.SELECT });
}

module.exports = { salesFor, customer, merged, byLiteral, safe };
