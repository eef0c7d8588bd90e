import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { describeProblem, isRecord, textOf } from '../api/desk-client.ts';
import type { CannedResponse, DeskUser, LiveView, Role } from '../api/desk-types.ts';
import { useDesk, useLiveFrames } from '../session/desk-context.tsx';
import { LiveFigures } from '../supervisor/supervisor-desk.tsx';

type Tab = 'live' | 'users' | 'numbers' | 'queues' | 'menus' | 'agents' | 'canned';

const TABS: readonly [Tab, string][] = [
  ['live', 'Live'],
  ['users', 'Users'],
  ['numbers', 'Numbers'],
  ['queues', 'Queues'],
  ['menus', 'Menus'],
  ['agents', 'Agents'],
  ['canned', 'Canned responses'],
];

/** Admins: users, numbers, queues, menus, agents' routing profiles and canned responses, plus the live figures. */
export function AdminDesk() {
  const [tab, setTab] = useState<Tab>('live');
  return (
    <div className="admin-desk">
      <nav aria-label="Administration">
        {TABS.map(([id, label]) => (
          <button key={id} type="button" aria-current={tab === id ? 'page' : undefined} onClick={() => setTab(id)}>
            {label}
          </button>
        ))}
      </nav>
      <main>
        {tab === 'live' && <AdminLive />}
        {tab === 'users' && <Users />}
        {tab === 'numbers' && <ResourceEditor title="Business numbers" list="/api/admin/numbers" collection="numbers" idField="id" method="PATCH" />}
        {tab === 'queues' && <ResourceEditor title="Queues" list="/api/admin/queues" collection="queues" idField="queue" method="PUT" allowNew />}
        {tab === 'menus' && <ResourceEditor title="Menus" list="/api/admin/menus" collection="menus" idField="menuId" method="PUT" allowNew />}
        {tab === 'agents' && <ResourceEditor title="Agents' routing profiles" list="/api/admin/agents" collection="agents" idField="agentId" method="PUT" />}
        {tab === 'canned' && <CannedResponses />}
      </main>
    </div>
  );
}

function AdminLive() {
  const { client } = useDesk();
  const [live, setLive] = useState<LiveView | null>(null);
  useEffect(() => {
    void client.get<LiveView>('/api/live-view').then(setLive).catch(() => undefined);
  }, [client]);
  useLiveFrames((frame) => frame.type === 'live' && setLive(frame.live));
  return <LiveFigures live={live} />;
}

function Users() {
  const { client } = useDesk();
  const [users, setUsers] = useState<DeskUser[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [invite, setInvite] = useState<{ email: string; displayName: string; role: Role; queues: string; capacity: string }>({ email: '', displayName: '', role: 'agent', queues: 'support', capacity: '3' });
  const [link, setLink] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setUsers((await client.get<{ users: DeskUser[] }>('/api/admin/users')).users);
    } catch (caught) {
      setError(describeProblem(caught, 'Users could not be loaded.'));
    }
  }, [client]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const body = {
      email: invite.email.trim(),
      displayName: invite.displayName.trim(),
      role: invite.role,
      ...(invite.role === 'agent'
        ? { agentProfile: { queues: invite.queues.split(',').map((queue) => queue.trim()).filter(Boolean), capacity: Number(invite.capacity) } }
        : {}),
    };
    try {
      const answer = await client.post<{ user: DeskUser; invitation: { token: string } }>('/api/admin/users', body);
      setLink(`${window.location.origin}/#/invitation/${answer.invitation.token}`);
      await refresh();
    } catch (caught) {
      setError(describeProblem(caught, 'The invitation could not be made.'));
    }
  }

  async function act(user: DeskUser, action: 'deactivate' | 'reactivate' | 'invitation') {
    try {
      const answer = await client.post<{ invitation?: { token: string } }>(`/api/admin/users/${encodeURIComponent(user.id)}/${action}`, {});
      if (answer.invitation) {
        setLink(`${window.location.origin}/#/invitation/${answer.invitation.token}`);
      }
      await refresh();
    } catch (caught) {
      setError(describeProblem(caught, 'That change failed.'));
    }
  }

  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      <form className="inline" onSubmit={(event) => void submit(event)}>
        <label>
          E-mail
          <input type="email" required value={invite.email} onChange={(event) => setInvite({ ...invite, email: event.target.value })} />
        </label>
        <label>
          Name
          <input required value={invite.displayName} onChange={(event) => setInvite({ ...invite, displayName: event.target.value })} />
        </label>
        <label>
          Role
          <select value={invite.role} onChange={(event) => setInvite({ ...invite, role: event.target.value as Role })}>
            <option value="agent">agent</option>
            <option value="supervisor">supervisor</option>
            <option value="compliance">compliance</option>
            <option value="admin">admin</option>
          </select>
        </label>
        {invite.role === 'agent' && (
          <>
            <label>
              Queues (comma-separated)
              <input value={invite.queues} onChange={(event) => setInvite({ ...invite, queues: event.target.value })} required />
            </label>
            <label>
              Capacity
              <input type="number" min={1} max={20} value={invite.capacity} onChange={(event) => setInvite({ ...invite, capacity: event.target.value })} required />
            </label>
          </>
        )}
        <button type="submit">Invite</button>
      </form>
      {link !== null && (
        <p role="status" className="notice">
          Send this link to the user: <code>{link}</code>
        </p>
      )}
      {error !== null && <p role="alert" className="error">{error}</p>}
      <table className="figures" aria-label="Users">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <th scope="row">{user.displayName}</th>
              <td>{user.email}</td>
              <td>{user.role}</td>
              <td>{user.status}</td>
              <td>
                {user.status === 'deactivated' ? (
                  <button type="button" onClick={() => void act(user, 'reactivate')}>
                    Reactivate
                  </button>
                ) : (
                  <button type="button" onClick={() => void act(user, 'deactivate')}>
                    Deactivate
                  </button>
                )}
                <button type="button" onClick={() => void act(user, 'invitation')}>
                  New invitation
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * A list of one kind of settings and a JSON editor for one of them; the owning service validates what is saved and
 * its field errors are shown as they come.
 */
function ResourceEditor({ title, list, collection, idField, method, allowNew = false }: { title: string; list: string; collection: string; idField: string; method: 'PUT' | 'PATCH'; allowNew?: boolean }) {
  const { client } = useDesk();
  const [items, setItems] = useState<Record<string, unknown>[]>([]);
  const [editing, setEditing] = useState<{ id: string; text: string } | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'notice'; text: string } | null>(null);

  const refresh = useCallback(async () => {
    try {
      const answer = await client.get<unknown>(list);
      const found = isRecord(answer) && Array.isArray(answer[collection]) ? answer[collection] : Array.isArray(answer) ? answer : [];
      setItems(found.filter(isRecord));
    } catch (caught) {
      setMessage({ kind: 'error', text: describeProblem(caught, `${title} could not be loaded.`) });
    }
  }, [client, list, collection, title]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  /** The whole item, as the owning service has it (the list may carry only a summary). */
  async function open(id: string) {
    setMessage(null);
    try {
      const answer = await client.get<unknown>(`${list}/${encodeURIComponent(id)}`);
      const values = isRecord(answer) ? Object.values(answer) : [];
      const item = values.length === 1 && isRecord(values[0]) ? values[0] : answer;
      setEditing({ id, text: JSON.stringify(item, null, 2) });
    } catch (caught) {
      setMessage({ kind: 'error', text: describeProblem(caught, `${id} could not be read.`) });
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (editing === null) {
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(editing.text) as unknown;
    } catch {
      setMessage({ kind: 'error', text: 'That is not valid JSON.' });
      return;
    }
    try {
      await client.request(method, `${list}/${encodeURIComponent(editing.id)}`, { body });
      setMessage({ kind: 'notice', text: 'Saved.' });
      await refresh();
    } catch (caught) {
      setMessage({ kind: 'error', text: describeProblem(caught, 'Saving failed.') });
    }
  }

  return (
    <section aria-labelledby={`${collection}-title`}>
      <h2 id={`${collection}-title`}>{title}</h2>
      <ul className="resources">
        {items.map((item) => {
          const id = textOf(item[idField], '');
          return (
            <li key={id}>
              <button type="button" onClick={() => void open(id)} aria-pressed={editing?.id === id}>
                {id}
                {typeof item['label'] === 'string' ? ` · ${item['label']}` : typeof item['name'] === 'string' ? ` · ${item['name']}` : typeof item['e164'] === 'string' ? ` · ${item['e164']}` : ''}
              </button>
            </li>
          );
        })}
      </ul>
      {allowNew && (
        <button type="button" onClick={() => setEditing({ id: window.prompt(`New ${idField}`) ?? '', text: '{\n}' })}>
          New
        </button>
      )}
      {message !== null && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind}>
          {message.text}
        </p>
      )}
      {editing !== null && editing.id !== '' && (
        <form className="panel" onSubmit={(event) => void save(event)}>
          <label>
            {editing.id}
            <textarea className="json" rows={16} value={editing.text} onChange={(event) => setEditing({ ...editing, text: event.target.value })} spellCheck={false} />
          </label>
          <button type="submit">Save</button>
        </form>
      )}
    </section>
  );
}

function CannedResponses() {
  const { client } = useDesk();
  const [responses, setResponses] = useState<CannedResponse[]>([]);
  const [draft, setDraft] = useState({ title: '', text: '' });
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    try {
      setResponses((await client.get<{ cannedResponses: CannedResponse[] }>('/api/canned-responses')).cannedResponses);
    } catch (caught) {
      setError(describeProblem(caught, 'Canned responses could not be loaded.'));
    }
  }, [client]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  async function add(event: FormEvent) {
    event.preventDefault();
    try {
      await client.post('/api/admin/canned-responses', draft);
      setDraft({ title: '', text: '' });
      await refresh();
    } catch (caught) {
      setError(describeProblem(caught, 'It could not be saved.'));
    }
  }
  async function remove(id: string) {
    try {
      await client.delete(`/api/admin/canned-responses/${encodeURIComponent(id)}`);
      await refresh();
    } catch (caught) {
      setError(describeProblem(caught, 'It could not be removed.'));
    }
  }
  return (
    <section aria-labelledby="canned-title">
      <h2 id="canned-title">Canned responses</h2>
      <form className="inline" onSubmit={(event) => void add(event)}>
        <label>
          Title
          <input value={draft.title} onChange={(event) => setDraft({ ...draft, title: event.target.value })} required maxLength={80} />
        </label>
        <label>
          Text
          <input value={draft.text} onChange={(event) => setDraft({ ...draft, text: event.target.value })} required maxLength={918} />
        </label>
        <button type="submit">Add</button>
      </form>
      {error !== null && <p role="alert" className="error">{error}</p>}
      <ul>
        {responses.map((response) => (
          <li key={response.id}>
            <strong>{response.title}</strong>: {response.text}{' '}
            <button type="button" onClick={() => void remove(response.id)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
