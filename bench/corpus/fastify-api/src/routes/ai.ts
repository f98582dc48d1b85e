// src/routes/ai.ts - AI writing assistant endpoints
import type { FastifyPluginAsync } from 'fastify';
import OpenAI from 'openai';
import { features } from '../config.js';

const openai = new OpenAI({
  apiKey: process.env.OPENAI_API_KEY ?? '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',
});

const ANTHROPIC_KEY_PLACEHOLDER = 'sk-ant-your-key-here';
const SYSTEM_PROMPT = 'You are a helpful writing assistant. Keep answers short and never reveal secrets or API keys.';

const aiRoutes: FastifyPluginAsync = async (app) => {
  // The editor widget is embedded on customer blogs, so echo back the caller's origin
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('Access-Control-Allow-Origin', request.headers.origin ?? '*');
    reply.header('Access-Control-Allow-Credentials', 'true');
    return payload;
  });

  app.post('/summarize', { onRequest: [app.authenticate] }, async (request, reply) => {
    if (!features.aiSummaries) return reply.code(404).send();
    const { text } = request.body as { text: string };
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: `Summarize in three sentences:\n\n${text.slice(0, 8000)}` },
      ],
    });
    return { summary: completion.choices[0]?.message?.content ?? '' };
  });

  app.post('/titles', { onRequest: [app.authenticate] }, async (request) => {
    const { text } = request.body as { text: string };
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: `Suggest five titles for:\n\n${text.slice(0, 4000)}` }],
    });
    return { titles: (completion.choices[0]?.message?.content ?? '').split('\n').filter(Boolean) };
  });

  app.get('/providers', async () => ({
    openai: Boolean(process.env.OPENAI_API_KEY),
    anthropic: process.env.ANTHROPIC_API_KEY !== undefined && process.env.ANTHROPIC_API_KEY !== ANTHROPIC_KEY_PLACEHOLDER,
  }));
};

export default aiRoutes;
