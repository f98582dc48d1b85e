const db = require('../db');

exports.create = async (req, res) => {
  res.status(201).json(await db.orders.create(req.body));
};

exports.cancel = async (req, res) => {
  if (!req.user) return res.sendStatus(401);
  res.json(await db.orders.update(req.params.id, { status: 'cancelled', by: req.user.id }));
};
