import type { Request, Response } from 'express';
import { orders } from '../db';

export async function createOrder(req: Request, res: Response) {
  res.status(201).json(await orders.insert(req.body));
}

export async function cancelOrder(req: Request, res: Response) {
  if (!req.auth?.sub) {
    res.sendStatus(401);
    return;
  }
  res.json(await orders.update(req.params.id, { status: 'cancelled' }));
}
