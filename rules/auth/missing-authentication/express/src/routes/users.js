const { Router } = require('express');
const db = require('../db');

const router = Router();

// ok: auth/missing-authentication
router.post('/', async (req, res) => {
  res.status(201).json(await db.users.create(req.body));
});

// ok: auth/missing-authentication
router.delete('/:id', async (req, res) => {
  await db.users.delete(req.params.id);
  res.sendStatus(204);
});

module.exports = router;
