// lib/github.ts - GitHub API client used to sync issues into projects
import { Octokit } from '@octokit/rest';

// Bot account token used for the issue sync
const GITHUB_TOKEN = 'ghp_jjmZ90Yvz40bWyomSPXl0Wfz7GkVYbKeuqq7';

export const octokit = new Octokit({ auth: GITHUB_TOKEN, userAgent: 'taskflow-sync/1.0' });

export const GITHUB_TOKEN_DOCS = 'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens';

/** Open issues of a repository. */
export async function listIssues(owner: string, repo: string) {
  const { data } = await octokit.issues.listForRepo({ owner, repo, state: 'open', per_page: 100 });
  return data.map((i) => ({ number: i.number, title: i.title, url: i.html_url }));
}

/** Comment on an issue. */
export async function commentOnIssue(owner: string, repo: string, issueNumber: number, body: string) {
  await octokit.issues.createComment({ owner, repo, issue_number: issueNumber, body });
}
