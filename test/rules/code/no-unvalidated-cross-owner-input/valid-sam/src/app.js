const mysql = require('mysql2/promise');
const pool = mysql.createPool({ host: process.env.DB_HOST });

exports.handler = async (event) => {
  for (const record of event.Records) {
    const order = JSON.parse(record.body);

    await pool.query("UPDATE accounts SET paid = 1 WHERE customer = ?", [order.customer]);
  }
};
