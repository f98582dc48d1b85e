// lib/openai.ts - OpenAI and Anthropic clients for task summaries
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';

export const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });

export const anthropic = new Anthropic({
  apiKey: 'sk-ant-api03-2cTvpMqFyAxh5xxwMKe6ckxQx6yj6Hmj5ur-sAZpEq5C6-nc349QC7QlCqOkFLjePM938yojAop5X-Vyjua1CZ2QpvfCZAA',
});

/** Summarize a task thread in two sentences. */
export async function summarizeThread(messages: string[]): Promise<string> {
  const response = await anthropic.messages.create({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 200,
    messages: [{ role: 'user', content: `Summarize this thread in two sentences:\n\n${messages.join('\n')}` }],
  });
  const block = response.content[0];
  return block && block.type === 'text' ? block.text : '';
}
