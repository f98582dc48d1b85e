const express = require('express');
const db = require('../db');

const router = express.Router();

// ruleid: auth/missing-authentication
router.post('/users/:id/ban', async (req, res) => {
  await db.users.update(req.params.id, { banned: true });
  res.sendStatus(204);
});

router
  .route('/flags')
  // ruleid: auth/missing-authentication
  .get(async (req, res) => res.json(await db.flags.findMany()))
  // ruleid: auth/missing-authentication
  .post(async (req, res) => res.json(await db.flags.create(req.body)));

module.exports = router;
