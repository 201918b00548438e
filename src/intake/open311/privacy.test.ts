import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.js';
import { DIALECTS } from '../../../test/helpers/db.js';
import { publicAddress, scrubPublicText } from './public.js';
import {
  expectValid,
  FORM,
  form,
  leakyLabeler,
  newApiKey,
  redactingLabeler,
  schemaValidators,
  startOpen311App,
} from './test-support.js';

const schemas = schemaValidators();
/** A fixed clock, so no timestamp can contain the digits looked for. */
const now = () => Date.parse('2026-12-01T06:00:00Z');

/** What a citizen types and sends; none of it may reach the public listing (a house number may). */
const PERSONAL = {
  first_name: 'Айгуль',
  last_name: 'Сейткали',
  phone: '8 701 123 45 67',
  email: 'aigul.seitkali@mail.kz',
  iin: '900101300126',
  flat: '117',
};
const DESCRIPTION =
  `Третий день нет воды. Пишу от имени соседей, я ${PERSONAL.first_name} ${PERSONAL.last_name}, ` +
  `ИИН ${PERSONAL.iin}, телефон +7 (701) 123-45-67, почта ${PERSONAL.email}, ` +
  `живу ул. Толе би д. 45 кв. ${PERSONAL.flat}.`;
const ADDRESS = `г. Тараз, ул. Толе би, д. 45, кв. ${PERSONAL.flat}`;
const FORBIDDEN = [
  PERSONAL.first_name,
  PERSONAL.last_name,
  PERSONAL.email,
  PERSONAL.iin,
  '701',
  '123-45-67',
  `кв. ${PERSONAL.flat}`,
  `${PERSONAL.flat}`,
  '42.9012345',
  '71.3789012',
];

function submit(key: string) {
  return form({
    api_key: key,
    service_code: 'water_outage',
    lat: '42.9012345',
    long: '71.3789012',
    address_string: ADDRESS,
    'attribute[since]': 'longer',
    first_name: PERSONAL.first_name,
    last_name: PERSONAL.last_name,
    phone: PERSONAL.phone,
    email: PERSONAL.email,
    device_id: 'device-7f3a',
    account_id: 'acc-555',
    description: DESCRIPTION,
  });
}

async function publicBodies(app: TestApp, id: string): Promise<string[]> {
  const urls = [
    '/open311/v2/requests.json',
    '/open311/v2/requests.xml',
    `/open311/v2/requests/${id}.json`,
    `/open311/v2/requests/${id}.xml`,
    `/open311/v2/requests.json?service_request_id=${id}`,
  ];
  return Promise.all(urls.map(async (u) => (await app.server.inject(u)).body));
}

describe('public scrubbing (last line of defence)', () => {
  it('masks e-mails, phones, IINs and flat numbers but keeps dates and ordinary numbers', () => {
    expect(scrubPublicText('пишите a.b-c@mail.kz или 8 (701) 123-45-67, +77011234567')).toBe(
      'пишите [email] или [number], [number]',
    );
    expect(scrubPublicText('ИИН 900101300126')).toBe('ИИН [number]');
    expect(scrubPublicText('ул. Абая 12, кв. 34; квартира 5; пәтер 7')).toBe(
      'ул. Абая 12, [flat]; [flat]; [flat]',
    );
    expect(scrubPublicText('ул. Абая 12-34 и мкр Жайлау 5/12')).toBe(
      'ул. Абая 12-[flat] и мкр Жайлау 5-[flat]',
    );
    expect(scrubPublicText('Абай көшесі, 12-34')).toBe('Абай көшесі, 12-[flat]');
    expect(scrubPublicText('с 10-12 часов 2026-12-01 07:30, 40 домов, 50 кв.м, год 2020-2021')).toBe(
      'с 10-12 часов 2026-12-01 07:30, 40 домов, 50 кв.м, год 2020-2021',
    );
  });

  it('keeps only the street-level parts of an address', () => {
    expect(publicAddress('г. Тараз, ул. Толе би, д. 45, кв. 117')).toBe('г. Тараз, ул. Толе би');
    expect(publicAddress('мкр Астана; дом Абая')).toBe('мкр Астана');
    expect(publicAddress('1234 5th street')).toBeNull();
    expect(publicAddress('Толе би 45')).toBeNull();
    expect(publicAddress(null)).toBeNull();
  });
});

describe.each(DIALECTS)('Open311 keeps personal data inside on %s', (dialect) => {
  let app: TestApp;
  let leaky: TestApp;
  let unlabelled: TestApp;
  let key: string;
  let id: string;
  beforeAll(async () => {
    app = await startOpen311App(dialect, {
      now,
      labeler: redactingLabeler([`${PERSONAL.first_name} ${PERSONAL.last_name}`]),
    });
    key = await newApiKey(app);
    const res = await app.server.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: FORM,
      payload: submit(key),
    });
    expect(res.statusCode, res.body).toBe(200);
    id = res.json()[0].service_request_id;
  });
  afterAll(async () => {
    await app.stop();
    await leaky?.stop();
    await unlabelled?.stop();
  });

  it('shows only the redacted description, a street-level address and rounded coordinates', async () => {
    const [one] = expectValid(
      schemas.requests!,
      (await app.server.inject(`/open311/v2/requests/${id}.json`)).json(),
    );
    expect(one.description).toContain('Третий день нет воды');
    expect(one.description).toContain('[NAME]');
    expect(one).toMatchObject({
      address: 'г. Тараз, ул. Толе би',
      address_id: null,
      lat: 42.901,
      long: 71.379,
    });
    for (const body of await publicBodies(app, id)) {
      for (const s of FORBIDDEN) expect(body, s).not.toContain(s);
    }
  });

  it('keeps contact details only in the author contact record, and out of the logs', async () => {
    const req = await app.ctx.db
      .selectFrom('open311_requests')
      .selectAll()
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow();
    const signal = await app.ctx.db
      .selectFrom('signals')
      .selectAll()
      .where('id', '=', req.signal_id)
      .executeTakeFirstOrThrow();
    // The raw payload keeps the description (protected like the signal's text) but no contact field.
    for (const s of [PERSONAL.phone, '+77011234567', 'device-7f3a', 'acc-555', key]) {
      expect(signal.raw, s).not.toContain(s);
    }
    const raw = JSON.parse(signal.raw);
    for (const field of ['api_key', 'email', 'phone', 'first_name', 'last_name', 'device_id', 'account_id']) {
      expect(raw).not.toHaveProperty(field);
    }
    expect(raw.contact_fields_given.sort()).toEqual(
      ['account_id', 'device_id', 'email', 'first_name', 'last_name', 'phone'].sort(),
    );
    const contact = await app.ctx.db
      .selectFrom('author_contacts')
      .selectAll()
      .where('author_id', '=', signal.author_id)
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({
      display_name: 'Айгуль Сейткали',
      phone: '+77011234567',
      email: PERSONAL.email,
      external_user_id: `email:${PERSONAL.email}`,
    });
    const logs = app.logs.text();
    for (const s of [PERSONAL.first_name, PERSONAL.email, PERSONAL.iin, 'нет воды', key])
      expect(logs, s).not.toContain(s);
  });

  it('still masks e-mail, phone, IIN and flat when the redaction missed them', async () => {
    leaky = await startOpen311App(dialect, { now, labeler: leakyLabeler });
    const k = await newApiKey(leaky);
    const created = await leaky.server.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: FORM,
      payload: submit(k),
    });
    const rid = created.json()[0].service_request_id as string;
    for (const body of await publicBodies(leaky, rid)) {
      for (const s of FORBIDDEN.filter((f) => f !== PERSONAL.first_name && f !== PERSONAL.last_name)) {
        expect(body, s).not.toContain(s);
      }
    }
  });

  it('publishes no description at all before the text is redacted', async () => {
    unlabelled = await startOpen311App(dialect, { now, labeler: null });
    const k = await newApiKey(unlabelled);
    const created = await unlabelled.server.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: FORM,
      payload: submit(k),
    });
    const rid = created.json()[0].service_request_id as string;
    const [one] = expectValid(
      schemas.requests!,
      (await unlabelled.server.inject(`/open311/v2/requests/${rid}.json`)).json(),
    );
    expect(one.description).toBeNull();
    for (const body of await publicBodies(unlabelled, rid)) {
      for (const s of FORBIDDEN) expect(body, s).not.toContain(s);
    }
  });
});
