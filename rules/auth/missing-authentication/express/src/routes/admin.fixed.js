const express = require('express');
const db = require('../db');
const { requireAuth } = require('../middleware/auth');

const router = express.Router();

// ruleid: auth/missing-authentication
router.post('/users/:id/ban', requireAuth, async (req, res) => {
  await db.users.update(req.params.id, { banned: true });
  res.sendStatus(204);
});

router
  .route('/flags')
  // ruleid: auth/missing-authentication
  .get(requireAuth, async (req, res) => res.json(await db.flags.findMany()))
  // ruleid: auth/missing-authentication
  .post(requireAuth, async (req, res) => res.json(await db.flags.create(req.body)));

module.exports = router;
