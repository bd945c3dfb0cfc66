exports.handler = async (event) => {
  const { orderId } = JSON.parse(event.body);
  const res = await fetch(`https://api.example.com/orders/${encodeURIComponent(orderId)}`);
  return { statusCode: res.status };
};
