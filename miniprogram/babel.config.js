// NutUI's components are imported one by one, each with its plain CSS, so the weapp main
// package only carries the components actually used (see /work/shared/TOOLCHAIN.md).
const nutui = '@nutui/nutui-react-taro/dist/es/packages';

module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
  plugins: [
    [
      'import',
      {
        libraryName: '@nutui/nutui-react-taro',
        camel2DashComponentName: false,
        customName: (name) => `${nutui}/${name.toLowerCase()}`,
        customStyleName: (name) => `${nutui}/${name.toLowerCase()}/style/css`,
      },
      'nutui-react-taro',
    ],
  ],
};
