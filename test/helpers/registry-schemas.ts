/** The schemas and messages the schema registry tests produce, decode and compare. */

export const ORDER_AVRO = {
  type: 'record',
  name: 'Order',
  namespace: 'ske.test',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'item', type: 'string' },
    { name: 'quantity', type: 'int' },
    { name: 'price', type: 'double' },
    { name: 'gift', type: 'boolean' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'tags', type: { type: 'array', items: 'string' } },
  ],
};

export const ORDER_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Order',
  type: 'object',
  properties: {
    id: { type: 'integer' },
    item: { type: 'string' },
    quantity: { type: 'integer', minimum: 1 },
    price: { type: 'number' },
    gift: { type: 'boolean' },
    note: { type: ['string', 'null'] },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['id', 'item', 'quantity'],
  additionalProperties: false,
};

/** Orders that match both schemas. */
export const ORDERS = [
  { id: 1, item: 'honey', quantity: 2, price: 7.5, gift: false, note: null, tags: ['raw'] },
  { id: 2, item: 'beeswax candle', quantity: 12, price: 3.25, gift: true, note: 'für Oma', tags: [] },
  { id: 3, item: 'propolis', quantity: 1, price: 12, gift: false, note: 'fragile', tags: ['a', 'b'] },
];

/** Not an order: quantity is text (and below the minimum for JSON Schema). */
export const NOT_AN_ORDER = {
  id: 4,
  item: 'royal jelly',
  quantity: 'two',
  price: 1,
  gift: false,
  note: null,
  tags: [],
};
