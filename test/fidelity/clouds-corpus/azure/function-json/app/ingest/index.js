module.exports = async function (context, msg) {
  context.log(msg.id);
};
