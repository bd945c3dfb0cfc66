const mysql = require('mysql2/promise');
const pool = mysql.createPool({ host: process.env.DB_HOST });

exports.handler = async (event) => {
  for (const record of event.Records) {
    const order = JSON.parse(record.body);
    // Billing trusts the order the orders team sends: the customer id goes into SQL text.
    await pool.query("UPDATE accounts SET balance = balance - 1 WHERE customer = '" + order.customer + "'");
  }
};
