'use strict';
// GET /search?q=...&category=...&sort=... : the storefront's product search, open to anonymous visitors.

const mysql = require('mysql2/promise');

const SORTABLE = { price: 'price', name: 'name', newest: 'created_at' };
const PAGE_SIZE = 24;

let pool;

function getPool() {
  if (!pool) {
    pool = mysql.createPool({
      host: process.env.DB_HOST,
      user: process.env.DB_USER,
      password: process.env.DB_PASSWORD,
      database: 'catalog',
      connectionLimit: 2,
    });
  }
  return pool;
}

exports.handler = async (event) => {
  const params = event.queryStringParameters || {};
  const term = (params.q || '').trim();
  const category = params.category || 'all';
  const sort = SORTABLE[params.sort] || 'name';
  const page = Math.max(0, parseInt(params.page || '0', 10) || 0);

  if (term.length < 2) {
    return { statusCode: 400, body: JSON.stringify({ message: 'search term too short' }) };
  }

  let sql = "SELECT sku, name, price, image_key FROM products WHERE name LIKE '%" + term + "%'";
  if (category !== 'all') {
    sql += " AND category = '" + category + "'";
  }
  sql += ` ORDER BY ${sort} LIMIT ${PAGE_SIZE} OFFSET ${page * PAGE_SIZE}`;

  try {
    const [rows] = await getPool().query(sql);
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'max-age=60' },
      body: JSON.stringify({ items: rows, page }),
    };
  } catch (err) {
    console.error('search failed', err);
    return { statusCode: 500, body: JSON.stringify({ message: err.message, query: sql, stack: err.stack }) };
  }
};
