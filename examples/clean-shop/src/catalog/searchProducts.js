'use strict';
// GET /search?q=...&category=...&sort=... : product search for signed-in customers.

const mysql = require('mysql2/promise');
const { SecretsManagerClient, GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');

const secrets = new SecretsManagerClient({});
const PAGE_SIZE = 24;

let pool;

async function getPool() {
  if (pool) return pool;
  const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: process.env.DB_SECRET_ARN }));
  const { username, password } = JSON.parse(SecretString);
  pool = mysql.createPool({ host: process.env.DB_HOST, user: username, password, database: 'catalog', connectionLimit: 2 });
  return pool;
}

// Only these literals ever reach ORDER BY.
function orderBy(sort) {
  switch (sort) {
    case 'price':
      return 'price';
    case 'newest':
      return 'created_at';
    default:
      return 'name';
  }
}

exports.handler = async (event) => {
  const params = event.queryStringParameters || {};
  const term = (params.q || '').trim();
  const page = Math.min(100, Math.max(0, parseInt(params.page || '0', 10) || 0));
  if (term.length < 2 || term.length > 100) {
    return { statusCode: 400, body: JSON.stringify({ message: 'search term must be 2 to 100 characters' }) };
  }

  let sql = 'SELECT sku, name, price, image_key FROM products WHERE name LIKE ?';
  const values = [`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`];
  if (params.category && params.category !== 'all') {
    sql += ' AND category = ?';
    values.push(String(params.category));
  }
  sql += ` ORDER BY ${orderBy(params.sort)} LIMIT ? OFFSET ?`;
  values.push(PAGE_SIZE, page * PAGE_SIZE);

  try {
    const [rows] = await (await getPool()).query(sql, values);
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'private, max-age=60' },
      body: JSON.stringify({ items: rows, page }),
    };
  } catch (err) {
    console.error('search failed', err);
    return { statusCode: 500, body: JSON.stringify({ message: 'search is unavailable, please retry' }) };
  }
};
