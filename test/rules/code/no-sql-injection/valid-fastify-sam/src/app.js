const fastify = require('fastify')({ logger: true });
const mysql = require('mysql2/promise');

const pool = mysql.createPool({ host: process.env.DB_HOST, user: 'orders', database: 'orders' });

fastify.get('/orders', async (request) => {
  const status = request.query.status;
  const [rows] = await pool.query('SELECT * FROM orders WHERE status = ?', [status]);
  return rows;
});

async function admin(instance) {
  instance.route({
    method: 'DELETE',
    url: '/orders/:id',
    handler: async (request) => {
      await pool.query('DELETE FROM orders WHERE id = ?', [request.params.id]);
      return { deleted: true };
    },
  });
}

fastify.register(admin);
module.exports = fastify;
